// Keyboard helpers shared by every task kind's tools.

/** A key press as the tools read it: a KeyboardEvent, or a synthetic one in tests. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

/** Keys typed into a text field are not shortcuts. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return (
    target instanceof HTMLInputElement && !["radio", "checkbox", "button", "submit"].includes(target.type)
  );
}

export function hasModifier(e: { ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return e.ctrlKey || e.metaKey || e.altKey;
}

/** Where a key press lands, as far as the browser's own handling of it goes. */
export type KeyTarget = "text" | "control" | "page";

const CONTROL_SELECTOR =
  'button, a[href], select, summary, input, audio, video, [role="button"], [role="slider"], [role="tab"], [role="radio"], [role="checkbox"], [role="menuitem"]';

/**
 * A text field takes every key; a focused control (button, link, select…) keeps Space, Enter and
 * the arrows; anything else (the canvas, the page's body) is "page".
 */
export function keyTargetOf(target: EventTarget | null): KeyTarget {
  if (isTextEntry(target)) return "text";
  if (target instanceof Element && target.closest(CONTROL_SELECTOR)) return "control";
  return "page";
}

/**
 * Whether the browser's default for a key a canvas workspace did not use must still be prevented,
 * so that a canvas shortcut never acts on the page: Ctrl+A would select the page's text, Ctrl+D
 * bookmark it, Space and the arrows, Home and End scroll it. Text fields keep every key; a focused
 * control keeps its own keys (Space presses a button, arrows move a select) but not Ctrl+A. Alt
 * combinations and PageUp / PageDown belong to the paper's navigation, which handles them itself.
 */
export function blocksPageDefault(e: KeyInput, target: KeyTarget): boolean {
  if (target === "text" || e.altKey) return false;
  const mod = Boolean(e.ctrlKey || e.metaKey);
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod) return key === "a" || (target === "page" && (key === "z" || key === "y" || key === "d"));
  if (target === "control") return false;
  return [
    " ",
    "ArrowLeft",
    "ArrowRight",
    "ArrowUp",
    "ArrowDown",
    "Home",
    "End",
    "Backspace",
    "Delete",
  ].includes(key);
}
