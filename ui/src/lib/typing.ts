// The last word typed through an input method (IBus with Unikey) is held by
// the input method until a space, Tab or Enter; a mouse click elsewhere
// would drop it. The shell has the input method commit it before a mouse
// press goes on (`src-tauri/src/input_method.rs`), but only while a text
// field has the focus, which the page tells it here.

const TEXT =
  "input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=file]):not([readonly]), textarea:not([readonly])";

const isText = (e: EventTarget | null) => e instanceof HTMLElement && e.matches(TEXT);

export function tellTypingFocus(typing: (active: boolean) => Promise<unknown>): () => void {
  let said = false;
  // Losing the answer only means a held word may be dropped, as before.
  const say = (active: boolean) => {
    said = active;
    void typing(active).catch(() => {});
  };
  const focusIn = (e: FocusEvent) => say(isText(e.target));
  const focusOut = (e: FocusEvent) => {
    if (!isText(e.relatedTarget)) say(false);
  };
  // A focused field taken off the page sends no focusout: the page changed,
  // so look again (a stale "typing" would have the shell press End on a
  // page with nothing to type in, which scrolls it).
  const changed = new MutationObserver(() => {
    if (said && !isText(document.activeElement)) say(false);
  });
  changed.observe(document.body, { childList: true, subtree: true });
  document.addEventListener("focusin", focusIn, true);
  document.addEventListener("focusout", focusOut, true);
  return () => {
    changed.disconnect();
    document.removeEventListener("focusin", focusIn, true);
    document.removeEventListener("focusout", focusOut, true);
  };
}
