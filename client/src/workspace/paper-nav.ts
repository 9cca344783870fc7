// Moving through the whole paper: the order of its questions and items, and the navigation keys.
// Keys chosen not to clash with the tools: the canvas takes F, 0, +, -, H, L, N, 1–9, arrows,
// Delete, Escape and Ctrl+Z/Y/A/C/V/D; the text tool takes arrows, Home, End and Enter. None of
// them uses Alt, PageUp/PageDown or Ctrl+Shift+F.
import type { AnswerTarget } from "../../../protocol/index.ts";

export type NavCommand = "next" | "prev" | "flag";

export interface NavKeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

/** The targets of a paper in the order shown: the questions, then each task's items. */
export function paperOrder(
  questions: readonly { id: string }[],
  tasks: readonly { items: readonly { id: string }[] }[],
): AnswerTarget[] {
  return [
    ...questions.map((q): AnswerTarget => ({ kind: "question", id: q.id })),
    ...tasks.flatMap((t) => t.items.map((it): AnswerTarget => ({ kind: "item", id: it.id }))),
  ];
}

/** The target `by` steps from `current` (null at either end, or when current is not in the paper). */
export function stepTarget(
  order: readonly AnswerTarget[],
  current: AnswerTarget | null,
  by: 1 | -1,
): AnswerTarget | null {
  if (!current) return order[0] ?? null;
  const i = order.findIndex((t) => t.kind === current.kind && t.id === current.id);
  if (i < 0) return null;
  return order[i + by] ?? null;
}

/**
 * Alt+→ or PageDown: next; Alt+← or PageUp: previous (across questions and tasks); Ctrl+Shift+F
 * (⌘⇧F): flag or unflag the current one. Null for any other key.
 */
export function navCommand(e: NavKeyInput): NavCommand | null {
  const mod = Boolean(e.ctrlKey || e.metaKey);
  if (mod && e.shiftKey && !e.altKey && e.key.toLowerCase() === "f") return "flag";
  if (mod || e.shiftKey) return null;
  if (e.altKey) {
    if (e.key === "ArrowRight") return "next";
    if (e.key === "ArrowLeft") return "prev";
    return null;
  }
  if (e.key === "PageDown") return "next";
  if (e.key === "PageUp") return "prev";
  return null;
}

/** The shortcut texts shown on buttons and in the help overlay. */
export const NAV_KEYS = {
  next: ["Alt+→", "PageDown"],
  prev: ["Alt+←", "PageUp"],
  flag: ["Ctrl+Shift+F"],
} as const;
