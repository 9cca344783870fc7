// The boxes document of one item: a ShapeStore of boxes, with the box names its tool and the exam
// page use (`boxes`, addBox, previewBox…).
import type { Box, BoxesAnswer } from "../../../protocol/index.ts";
import { type Rect, roundRect } from "./geometry.ts";
import { type Cursor, defaultNewId, type ShapeSnapshot, ShapeStore } from "./shape-store.ts";

export type { Cursor };
export { defaultNewId };

export interface CanvasSnapshot extends ShapeSnapshot<Box, Rect> {
  /** The document (the same list as `shapes`). */
  boxes: readonly Box[];
}

export interface CanvasStoreOptions {
  boxes?: readonly Box[];
  activeLabel?: string | null;
  newId?: () => string;
}

const normalizeBox = ({ id, label, x, y, w, h }: Box): Box => ({ id, label, ...roundRect({ x, y, w, h }) });
const sameBox = (a: Box, b: Box) =>
  a.label === b.label && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

export class CanvasStore extends ShapeStore<Box, Rect, BoxesAnswer, CanvasSnapshot> {
  constructor(options: CanvasStoreOptions = {}) {
    super({
      shapes: options.boxes,
      activeLabel: options.activeLabel,
      newId: options.newId,
      normalize: normalizeBox,
      same: sameBox,
    });
  }

  protected override withShapes(snap: ShapeSnapshot<Box, Rect>, shapes: readonly Box[]): CanvasSnapshot {
    return { ...snap, shapes, boxes: shapes };
  }

  /** The document as saved: `{ boxes: [{ id, label, x, y, w, h }] }`. */
  toAnswer(): BoxesAnswer {
    return { boxes: this.state.shapes.map(normalizeBox) };
  }

  box(id: string | null): Box | undefined {
    return this.shape(id);
  }

  addBox(rect: Rect, label: string): Box {
    return this.addShape({ label, ...rect });
  }

  updateBox(id: string, patch: Partial<Rect> & { label?: string }): void {
    const current = this.box(id);
    if (current) this.replaceShape({ ...current, ...patch });
  }

  deleteBox(id: string): void {
    this.deleteShapes([id]);
  }

  /** Shows box `id` at `rect` until commitPreview() or cancelPreview(). */
  previewBox(id: string, rect: Rect): void {
    const current = this.box(id);
    if (current) this.preview({ ...current, ...rect });
  }
}
