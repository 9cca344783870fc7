// The point tool: a click places a point with the active label, a drag moves one (or the whole
// multi-selection it belongs to); the shared commands delete, copy, hide and lock them.
import type { LabelledPoint } from "../../../protocol/index.ts";
import { clampPoint, distance, type Point } from "./geometry.ts";
import { type PointStore, pointUtil } from "./shape-kinds.ts";
import type { Cursor } from "./shape-store.ts";
import {
  HANDLE_TOLERANCE_PX,
  type PointerTarget,
  ShapeTool,
  type ShapeToolOptions,
  type ShapeToolState,
} from "./tool.ts";

export type PointToolState = ShapeToolState<LabelledPoint>;
export type PointToolOptions = ShapeToolOptions<LabelledPoint>;

export class PointTool extends ShapeTool<LabelledPoint, PointToolState> {
  constructor(
    protected override readonly store: PointStore,
    options: PointToolOptions,
  ) {
    super(store, pointUtil, options);
  }

  protected press(p: Point, target: PointerTarget): void {
    if (this.takePress(this.hitTest(p), p, target)) return;
    // Empty space: a new point, so that points are placed one click each.
    const label = this.store.getSnapshot().activeLabel;
    if (label === null) {
      this.store.select(null);
      return;
    }
    const at = clampPoint(p, this.image);
    this.store.select(this.store.addShape({ label, x: at.x, y: at.y }).id);
  }

  protected follow(p: Point): void {
    this.store.setCursor(this.hitTest(p) ? "move" : "crosshair");
  }

  /** The nearest visible point within reach of `p`, the selected one first. */
  hitTest(p: Point): LabelledPoint | undefined {
    const { shapes, hidden, selectedId } = this.store.getSnapshot();
    const tolerance = HANDLE_TOLERANCE_PX / this.scale;
    const selected = this.store.shape(selectedId);
    if (selected && distance(selected, p) <= tolerance) return selected;
    let best: LabelledPoint | undefined;
    let bestD = tolerance;
    for (const s of shapes) {
      if (hidden.has(s.id)) continue;
      const d = distance(s, p);
      if (d <= bestD) [best, bestD] = [s, d];
    }
    return best;
  }

  protected cursorOf(next: PointToolState): Cursor {
    return next.name === "idle" ? "crosshair" : "move";
  }
}
