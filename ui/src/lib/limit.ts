// A field's length limit, kept before it is passed: text that would go over
// is not taken in (with a message saying so), so nothing typed or pasted is
// lost later when the save is refused.

/** Characters as the backend counts them (code points, not UTF-16 units). */
export function length(text: string): number {
  return [...text].length;
}

const n = (x: number) => x.toLocaleString("vi-VN");

/** Why `inserted` characters cannot go into a field of `max` now holding `current` (with `selected` replaced); null when they fit. */
export function refusal(current: number, selected: number, inserted: number, max: number, pasted: boolean): string | null {
  if (current - selected + inserted <= max) return null;
  if (pasted) {
    return `Mục này chứa tối đa ${n(max)} ký tự; đoạn vừa dán dài ${n(inserted)} ký tự nên chưa được dán. Hãy rút gọn rồi dán lại.`;
  }
  return `Đã đủ ${n(max)} ký tự, mức tối đa của mục này.`;
}

/** Svelte action: refuses input that would pass `max`, telling `onrefuse` why. */
export function limit(node: HTMLTextAreaElement | HTMLInputElement, options: { max: number; onrefuse: (why: string) => void }) {
  let { max, onrefuse } = options;
  const selected = () => length(node.value.slice(node.selectionStart ?? 0, node.selectionEnd ?? 0));
  const paste = (e: ClipboardEvent) => {
    const text = e.clipboardData?.getData("text") ?? "";
    const why = refusal(length(node.value), selected(), length(text), max, true);
    if (why) {
      e.preventDefault();
      onrefuse(why);
    }
  };
  const typed = (e: InputEvent) => {
    if (!e.inputType.startsWith("insert") || e.inputType === "insertFromPaste") return;
    const text = e.data ?? (e.inputType === "insertLineBreak" || e.inputType === "insertParagraph" ? "\n" : "");
    const why = refusal(length(node.value), selected(), length(text), max, false);
    if (why) {
      e.preventDefault();
      onrefuse(why);
    }
  };
  // Either kind of field takes the same events.
  const el: HTMLElement = node;
  el.addEventListener("paste", paste);
  el.addEventListener("beforeinput", typed);
  return {
    update(next: { max: number; onrefuse: (why: string) => void }) {
      ({ max, onrefuse } = next);
    },
    destroy() {
      el.removeEventListener("paste", paste);
      el.removeEventListener("beforeinput", typed);
    },
  };
}
