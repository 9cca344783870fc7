// Reads the browser's selection inside the rendered text as UTF-16 offsets from the text's start.
// The text element holds the item's text and nothing else (labels are CSS generated content and
// underlines are empty elements), so a range's toString() counts exactly the text's units.
import type { UnitSelection } from "./span-tool.ts";

/** UTF-16 offset of the boundary (node, offset) from the start of `root`. */
function unitOffset(root: Node, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/**
 * The part of the document's selection that lies in `root`, as UTF-16 offsets (a drag that runs
 * past the text is cut at its edges). Null when nothing of `root` is selected.
 */
export function readSelection(root: HTMLElement): UnitSelection | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const r = sel.getRangeAt(0);
  if (r.collapsed || !r.intersectsNode(root)) return null;
  const all = document.createRange();
  all.selectNodeContents(root);
  const start =
    r.compareBoundaryPoints(Range.START_TO_START, all) <= 0
      ? 0
      : unitOffset(root, r.startContainer, r.startOffset);
  const end =
    r.compareBoundaryPoints(Range.END_TO_END, all) >= 0
      ? all.toString().length
      : unitOffset(root, r.endContainer, r.endOffset);
  return end > start ? { anchor: start, focus: end } : null;
}

export function clearSelection(): void {
  window.getSelection()?.removeAllRanges();
}

/** The code-point index of the character element an event happened on, null if none. */
export function charIndexAt(target: EventTarget | null): number | null {
  if (!(target instanceof Element)) return null;
  const el = target.closest<HTMLElement>("[data-i]");
  const i = el ? Number(el.dataset.i) : Number.NaN;
  return Number.isInteger(i) ? i : null;
}
