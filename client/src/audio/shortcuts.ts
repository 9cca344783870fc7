// The transcription keys. They work while typing in the transcript, so each one uses a modifier (or
// Esc) that typing never needs and that does not fight the textarea's own keys: Ctrl+←/→ move by
// word there, so skipping uses Ctrl+, and Ctrl+. (the < and > keys) instead.

export type AudioAction =
  | { type: "toggle" }
  | { type: "skip"; seconds: number }
  | { type: "slower" }
  | { type: "faster" }
  | { type: "loop" }
  | { type: "undo" }
  | { type: "redo" };

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** An IME is composing: its keys (Esc cancels the composition) are not ours. */
  isComposing?: boolean;
}

export const SKIP_SHORT_S = 2;
export const SKIP_LONG_S = 5;

/** The action of a key press, or null when the key is the textarea's (or the browser's). */
export function audioShortcut(e: KeyLike): AudioAction | null {
  if (e.isComposing || e.altKey) return null;
  const ctrl = e.ctrlKey || e.metaKey;
  if (e.key === "Escape" && !ctrl && !e.shiftKey) return { type: "toggle" };
  if (!ctrl) return null;
  // Letters by the character typed (Ctrl+Z is Z on every layout), the rest by the physical key.
  const key = /^[a-z]$/i.test(e.key) ? `Key${e.key.toUpperCase()}` : e.code;
  switch (key) {
    case "Space":
      return e.shiftKey ? null : { type: "toggle" };
    case "Comma":
      return { type: "skip", seconds: -(e.shiftKey ? SKIP_LONG_S : SKIP_SHORT_S) };
    case "Period":
      return { type: "skip", seconds: e.shiftKey ? SKIP_LONG_S : SKIP_SHORT_S };
    case "BracketLeft":
      return e.shiftKey ? null : { type: "slower" };
    case "BracketRight":
      return e.shiftKey ? null : { type: "faster" };
    case "KeyL":
      return e.shiftKey ? null : { type: "loop" };
    case "KeyZ":
      return e.shiftKey ? { type: "redo" } : { type: "undo" };
    case "KeyY":
      return e.shiftKey ? null : { type: "redo" };
  }
  return null;
}
