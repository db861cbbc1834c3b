// When a new screen or step appears, its heading takes the focus: the keyboard
// (and a screen reader) starts at the top of what is new, not on a button of
// the screen that is gone.

/** Svelte action for a heading with tabindex="-1". */
export function focusHere(node: HTMLElement): void {
  node.focus({ preventScroll: true });
}
