// Undo/redo of the annotation document: diffs between shape lists matched by id, never UI state such
// as selection, hidden or locked shapes.
import type { Box } from "../../../protocol/index.ts";

export interface Identified {
  id: string;
}

interface Placed<S> {
  shape: S;
  /** Position in the list the entry belongs to (`after` for added, `before` for removed). */
  index: number;
}

export interface ShapesDiff<S extends Identified> {
  added: Placed<S>[];
  removed: Placed<S>[];
  updated: { before: S; after: S }[];
}
/** Structural equality of two JSON-like values (shapes are small: ids, labels, numbers, arrays). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** What turns `before` into `after`, matching shapes by id. Shapes are never reordered. */
export function diffShapes<S extends Identified>(
  before: readonly S[],
  after: readonly S[],
  same: (a: S, b: S) => boolean = sameValue,
): ShapesDiff<S> {
  const beforeById = new Map(before.map((s) => [s.id, s]));
  const afterIds = new Set(after.map((s) => s.id));
  const diff: ShapesDiff<S> = { added: [], removed: [], updated: [] };
  before.forEach((shape, index) => {
    if (!afterIds.has(shape.id)) diff.removed.push({ shape, index });
  });
  after.forEach((shape, index) => {
    const old = beforeById.get(shape.id);
    if (!old) diff.added.push({ shape, index });
    else if (old !== shape && !same(old, shape)) diff.updated.push({ before: old, after: shape });
  });
  return diff;
}

export function isEmptyDiff<S extends Identified>(d: ShapesDiff<S>): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.updated.length === 0;
}

export function invertDiff<S extends Identified>(d: ShapesDiff<S>): ShapesDiff<S> {
  return {
    added: d.removed,
    removed: d.added,
    updated: d.updated.map(({ before, after }) => ({ before: after, after: before })),
  };
}

export function applyDiff<S extends Identified>(shapes: readonly S[], d: ShapesDiff<S>): S[] {
  const removed = new Set(d.removed.map((r) => r.shape.id));
  const updated = new Map(d.updated.map((u) => [u.after.id, u.after]));
  const out = shapes.filter((s) => !removed.has(s.id)).map((s) => updated.get(s.id) ?? s);
  for (const { shape, index } of [...d.added].sort((a, b) => a.index - b.index)) out.splice(index, 0, shape);
  return out;
}

/** Two stacks of diffs; pushing a new change clears what could be redone. */
export class History<S extends Identified = Box> {
  private undos: ShapesDiff<S>[] = [];
  private redos: ShapesDiff<S>[] = [];

  constructor(private readonly limit = 200) {}

  push(d: ShapesDiff<S>): void {
    if (isEmptyDiff(d)) return;
    this.undos.push(d);
    if (this.undos.length > this.limit) this.undos.shift();
    this.redos = [];
  }

  /** The diff that undoes the last change, moving it to the redo stack. */
  undo(): ShapesDiff<S> | null {
    const d = this.undos.pop();
    if (!d) return null;
    this.redos.push(d);
    return invertDiff(d);
  }

  redo(): ShapesDiff<S> | null {
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
