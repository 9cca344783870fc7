// The box tool: a small state machine that turns pointer and key events (in image pixels) into
// changes of a CanvasStore. React and Konva only forward events to it and render the store. A press
// inside a box moves it (with the rest of a multi-selection); on empty space a drag draws a box.
import type { Box } from "../../../protocol/index.ts";
import {
  clampPoint,
  containsPoint,
  type Handle,
  handlePoint,
  nearOutline,
  type Point,
  type Rect,
  rectFromPoints,
  resizeRect,
} from "./geometry.ts";
import { boxUtil } from "./shape-kinds.ts";
import type { Cursor } from "./shape-store.ts";
import type { CanvasStore } from "./store.ts";
import { type PointerTarget, ShapeTool, type ShapeToolOptions, type ShapeToolState } from "./tool.ts";

export type BoxToolState =
  | ShapeToolState<Box>
  /** Pressed on empty space; becomes drawing once the pointer travels. */
  | { name: "pointing"; origin: Point }
  | { name: "drawing"; origin: Point }
  | { name: "resizing"; boxId: string; handle: Handle; start: Rect; grab: Point };

export interface BoxToolOptions extends ShapeToolOptions<Box> {
  /** Smallest box side, in image pixels. */
  minSize?: number;
}

/** How close to a box outline, in screen pixels, a press grabs that box. */
const OUTLINE_TOLERANCE_PX = 6;

export class BoxTool extends ShapeTool<Box, BoxToolState> {
  private readonly minSize: number;

  constructor(
    protected override readonly store: CanvasStore,
    options: BoxToolOptions,
  ) {
    super(store, boxUtil, options);
    this.minSize = options.minSize ?? 3;
  }

  // --- events ---

  protected press(p: Point, target: PointerTarget): void {
    const { selectedId } = this.store.getSnapshot();
    const selected = this.store.box(selectedId);
    if (target.toggle) {
      this.toggle(this.hitTest(p) ?? this.smallestBoxAt(p));
      return;
    }
    if (target.handle && selected && !this.store.isLocked(selected.id)) {
      const corner = handlePoint(selected, target.handle);
      this.transition({
        name: "resizing",
        boxId: selected.id,
        handle: target.handle,
        start: selected,
        grab: { x: p.x - corner.x, y: p.y - corner.y },
      });
      return;
    }
    if (!this.takePress(this.hitTest(p), p, target))
      this.transition({ name: "pointing", origin: clampPoint(p, this.image) });
  }

  protected follow(p: Point): void {
    const s = this.current;
    switch (s.name) {
      case "idle":
        this.store.setCursor(this.hitTest(p) ? "move" : "crosshair");
        return;
      case "pointing":
        if (this.travelled(s.origin, p)) {
          this.store.select(null);
          this.transition({ name: "drawing", origin: s.origin });
          this.store.setDraft(rectFromPoints(s.origin, clampPoint(p, this.image)));
        }
        return;
      case "drawing":
        this.store.setDraft(rectFromPoints(s.origin, clampPoint(p, this.image)));
        return;
      case "resizing":
        this.resizeBox(s, p);
        return;
    }
  }

  protected override release(p: Point): void {
    const s = this.current;
    switch (s.name) {
      case "pointing":
        // A click on empty space selects the smallest box around the point, or nothing.
        this.store.select(this.smallestBoxAt(p)?.id ?? null);
        break;
      case "drawing": {
        const rect = rectFromPoints(s.origin, clampPoint(p, this.image));
        const label = this.store.getSnapshot().activeLabel;
        this.store.setDraft(null);
        if (label !== null && rect.w >= this.minSize && rect.h >= this.minSize)
          this.store.select(this.store.addBox(rect, label).id);
        break;
      }
      case "resizing":
        this.resizeBox(s, p);
        this.store.commitPreview();
        break;
    }
    this.transition({ name: "idle" });
  }

  deleteSelected(): boolean {
    if (!this.enabled || this.current.name !== "idle") return false;
    return this.commands.deleteSelected();
  }

  /** Gives the selected boxes another label. */
  relabelSelected(label: string): boolean {
    if (!this.enabled || this.current.name !== "idle") return false;
    return this.commands.relabelSelected(label);
  }

  // --- helpers ---

  protected cursorOf(next: BoxToolState): Cursor {
    if (next.name === "resizing") return "default";
    return next.name === "dragging" || next.name === "pointing_shape" ? "move" : "crosshair";
  }

  // A resize changes only the preview until release: one document change per gesture, and nothing
  // else on the canvas redraws while the box follows the pointer.
  private resizeBox(s: Extract<BoxToolState, { name: "resizing" }>, p: Point): void {
    const corner = { x: p.x - s.grab.x, y: p.y - s.grab.y };
    this.store.previewBox(s.boxId, resizeRect(s.start, s.handle, corner, this.image, this.minSize));
  }

  /**
   * The box a press at `p` grabs: the selected box anywhere inside it, any other box only near its
   * outline (topmost first), so a drag inside an unselected box still draws a new, nested one.
   */
  private hitTest(p: Point): Box | undefined {
    const { boxes, selectedId, hidden } = this.store.getSnapshot();
    const tolerance = OUTLINE_TOLERANCE_PX / this.scale;
    const selected = this.store.box(selectedId);
    if (selected && (containsPoint(selected, p) || nearOutline(selected, p, tolerance))) return selected;
    // Inside any box of a multi-selection: the press moves the group.
    const { selectedIds } = this.store.getSnapshot();
    if (selectedIds.size > 1) for (const b of this.store.selectedShapes()) if (containsPoint(b, p)) return b;
    for (let i = boxes.length - 1; i >= 0; i--) {
      const b = boxes[i];
      if (b && !hidden.has(b.id) && nearOutline(b, p, tolerance)) return b;
    }
    return undefined;
  }

  private smallestBoxAt(p: Point): Box | undefined {
    let best: Box | undefined;
    const { boxes, hidden } = this.store.getSnapshot();
    for (const b of boxes)
      if (!hidden.has(b.id) && containsPoint(b, p) && (!best || b.w * b.h < best.w * best.h)) best = b;
    return best;
  }
}
