// Undo/redo of the annotation document: diffs between box lists, never UI state such as selection.
import type { Box } from "../../../protocol/index.ts";

interface Placed {
  box: Box;
  /** Position in the list the entry belongs to (`after` for added, `before` for removed). */
  index: number;
}

export interface BoxesDiff {
  added: Placed[];
  removed: Placed[];
  updated: { before: Box; after: Box }[];
}

const sameBox = (a: Box, b: Box) =>
  a.label === b.label && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/** What turns `before` into `after`, matching boxes by id. Boxes are never reordered. */
export function diffBoxes(before: readonly Box[], after: readonly Box[]): BoxesDiff {
  const beforeById = new Map(before.map((b) => [b.id, b]));
  const afterIds = new Set(after.map((b) => b.id));
  const diff: BoxesDiff = { added: [], removed: [], updated: [] };
  before.forEach((box, index) => {
    if (!afterIds.has(box.id)) diff.removed.push({ box, index });
  });
  after.forEach((box, index) => {
    const old = beforeById.get(box.id);
    if (!old) diff.added.push({ box, index });
    else if (!sameBox(old, box)) diff.updated.push({ before: old, after: box });
  });
  return diff;
}

export function isEmptyDiff(d: BoxesDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.updated.length === 0;
}

export function invertDiff(d: BoxesDiff): BoxesDiff {
  return {
    added: d.removed,
    removed: d.added,
    updated: d.updated.map(({ before, after }) => ({ before: after, after: before })),
  };
}

export function applyDiff(boxes: readonly Box[], d: BoxesDiff): Box[] {
  const removed = new Set(d.removed.map((r) => r.box.id));
  const updated = new Map(d.updated.map((u) => [u.after.id, u.after]));
  const out = boxes.filter((b) => !removed.has(b.id)).map((b) => updated.get(b.id) ?? b);
  for (const { box, index } of [...d.added].sort((a, b) => a.index - b.index)) out.splice(index, 0, box);
  return out;
}

/** Two stacks of diffs; pushing a new change clears what could be redone. */
export class History {
  private undos: BoxesDiff[] = [];
  private redos: BoxesDiff[] = [];

  constructor(private readonly limit = 200) {}

  push(d: BoxesDiff): void {
    if (isEmptyDiff(d)) return;
    this.undos.push(d);
    if (this.undos.length > this.limit) this.undos.shift();
    this.redos = [];
  }

  /** The diff that undoes the last change, moving it to the redo stack. */
  undo(): BoxesDiff | null {
    const d = this.undos.pop();
    if (!d) return null;
    this.redos.push(d);
    return invertDiff(d);
  }

  redo(): BoxesDiff | null {
    const d = this.redos.pop();
    if (!d) return null;
    this.undos.push(d);
    return d;
  }

  get canUndo(): boolean {
    return this.undos.length > 0;
  }
  get canRedo(): boolean {
    return this.redos.length > 0;
  }
}
