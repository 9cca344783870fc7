// Editing commands every shape tool shares: select all, delete, copy / paste, duplicate, hide and
// lock, relabel, nudge, label keys, undo / redo. Each works on the selection of a ShapeStore and is
// one undo step; locked shapes are never changed, hidden ones never touched.
import { round2, type Size } from "./geometry.ts";
import type { KeyInput } from "./keyboard.ts";
import type { ShapeUtil } from "./shape-kinds.ts";
import type { BaseShape, ShapeSnapshot, ShapeStore } from "./shape-store.ts";
import { clampMove, unionBounds } from "./vertex-geometry.ts";

/** Copied shapes, shared by the items of a task so that a copy can be pasted on the next image. */
export interface Clipboard<S> {
  shapes: readonly S[];
  /** How many times they have been pasted: each paste lands a step further. */
  pastes: number;
}
export interface ClipboardHolder<S> {
  current: Clipboard<S> | null;
}

/** How far, in image pixels, a paste or a duplicate lands from the original. */
export const PASTE_OFFSET = 10;

// biome-ignore lint/suspicious/noExplicitAny: a store of any document type
export type AnyStore<S extends BaseShape> = ShapeStore<S, any, any, ShapeSnapshot<S, any>>;

export interface ShapeCommandsOptions<S> {
  image: Size;
  /** The task's labels in palette order; keys 1..9 pick them. */
  labels: readonly { id: string }[];
  clipboard?: ClipboardHolder<S>;
}

export class ShapeCommands<S extends BaseShape> {
  readonly clipboard: ClipboardHolder<S>;
  private readonly image: Size;
  private readonly labels: readonly { id: string }[];

  constructor(
    private readonly store: AnyStore<S>,
    private readonly util: ShapeUtil<S>,
    options: ShapeCommandsOptions<S>,
  ) {
    this.image = options.image;
    this.labels = options.labels;
    this.clipboard = options.clipboard ?? { current: null };
  }

  /** The common shortcuts; returns whether the key did something. */
  keyDown(e: KeyInput): boolean {
    const mod = Boolean(e.ctrlKey || e.metaKey);
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === "Escape") {
      if (this.store.getSnapshot().selectedIds.size === 0) return false;
      this.store.select(null);
      return true;
    }
    if (mod && !e.altKey) {
      if (key === "z") return e.shiftKey ? this.store.redo() : this.store.undo();
      if (key === "y") return this.store.redo();
      if (key === "a") return this.selectAll();
      if (key === "c") return this.copy();
      if (key === "v") return this.paste();
      if (key === "d") return this.duplicate();
      return false;
    }
    if (e.altKey) return false;
    if (key === "Delete" || key === "Backspace") return this.deleteSelected();
    if (key === "h" && !e.shiftKey) return this.toggleHidden();
    if (key === "h" && e.shiftKey) return this.showAll();
    if (key === "l") return this.toggleLocked();
    if (/^[1-9]$/.test(key)) {
      const label = this.labels[Number(key) - 1];
      if (!label) return false;
      this.store.setActiveLabel(label.id);
      return true;
    }
    const nudge = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    if (nudge)
      return this.nudge((nudge[0] ?? 0) * (e.shiftKey ? 10 : 1), (nudge[1] ?? 0) * (e.shiftKey ? 10 : 1));
    return false;
  }

  /** The selected shapes that may change. */
  editableSelection(): S[] {
    return this.store.selectedShapes().filter((s) => !this.store.isLocked(s.id));
  }

  selectAll(): boolean {
    if (this.store.visibleShapes().length === 0) return false;
    this.store.selectAll();
    return true;
  }

  deleteSelected(): boolean {
    const ids = this.editableSelection().map((s) => s.id);
    if (ids.length === 0) return false;
    this.store.deleteShapes(ids);
    return true;
  }

  copy(): boolean {
    const shapes = this.store.selectedShapes();
    if (shapes.length === 0) return false;
    this.clipboard.current = { shapes, pastes: 0 };
    return true;
  }

  /** Pastes the copied shapes with new ids, a step further each time, inside the image; selects them. */
  paste(): boolean {
    const clip = this.clipboard.current;
    if (!clip || clip.shapes.length === 0) return false;
    clip.pastes += 1;
    this.insertCopies(clip.shapes, PASTE_OFFSET * clip.pastes);
    return true;
  }

  /** Copies of the selection next to it, selected; the clipboard stays as it was. */
  duplicate(): boolean {
    const shapes = this.store.selectedShapes();
    if (shapes.length === 0) return false;
    this.insertCopies(shapes, PASTE_OFFSET);
    return true;
  }

  /** Gives the selected shapes another label. */
  relabelSelected(label: string): boolean {
    const changed = this.editableSelection().filter((s) => s.label !== label);
    if (changed.length === 0) return false;
    this.store.replaceShapes(changed.map((s) => ({ ...s, label })));
    return true;
  }

  /** Moves the editable selection together, the group kept inside the image, as one undo step. */
  nudge(dx: number, dy: number): boolean {
    const shapes = this.editableSelection();
    if (shapes.length === 0) return false;
    this.store.replaceShapes(this.moved(shapes, dx, dy));
    return true;
  }

  /**
   * The shapes a drag that grabbed shape `id` moves: the editable selection when `id` is part of a
   * multi-selection, else that shape alone (if it may change).
   */
  dragGroup(id: string): S[] {
    const { selectedIds } = this.store.getSnapshot();
    if (selectedIds.size > 1 && selectedIds.has(id)) return this.editableSelection();
    const shape = this.store.shape(id);
    return shape && !this.store.isLocked(id) && !this.store.isHidden(id) ? [shape] : [];
  }

  /** Shows `group` moved by (dx, dy) together until the store's commitPreview(). */
  previewMove(group: readonly S[], dx: number, dy: number): void {
    this.store.previewMany(this.moved(group, dx, dy));
  }

  /**
   * `shapes` moved by the same (dx, dy), reduced so that all of them stay inside the image. The move
   * is rounded as coordinates are, so the shapes keep their exact shape (a simple polygon stays so).
   */
  moved(shapes: readonly S[], dx: number, dy: number): S[] {
    const m = clampMove(unionBounds(shapes.map((s) => this.util.bounds(s))), dx, dy, this.image);
    const [mx, my] = [round2(m.dx), round2(m.dy)];
    return shapes.map((s) => this.util.moveWithin(s, mx, my, this.image));
  }

  /** Hides the given shapes (the selection by default), or shows them if they all are hidden. */
  toggleHidden(ids: readonly string[] = [...this.store.getSnapshot().selectedIds]): boolean {
    if (ids.length === 0) return false;
    this.store.setHidden(ids, !ids.every((id) => this.store.isHidden(id)));
    return true;
  }

  showAll(): boolean {
    if (this.store.getSnapshot().hidden.size === 0) return false;
    this.store.showAll();
    return true;
  }

  /** Locks the given shapes (the selection by default), or unlocks them if they all are locked. */
  toggleLocked(ids: readonly string[] = [...this.store.getSnapshot().selectedIds]): boolean {
    if (ids.length === 0) return false;
    this.store.setLocked(ids, !ids.every((id) => this.store.isLocked(id)));
    return true;
  }

  private insertCopies(shapes: readonly S[], offset: number): void {
    const moved = shapes.map(({ id: _id, ...rest }) =>
      this.util.moveWithin({ ...rest, id: "" } as S, offset, offset, this.image),
    );
    const added = this.store.addShapes(moved);
    this.store.selectMany(added.map((s) => s.id));
  }
}
