// The point tool: a click places a point with the active label, a drag moves one; the shared
// commands delete, copy, hide and lock them.
import type { LabelledPoint } from "../../../protocol/index.ts";
import { clampPoint, distance, type Point, type Size } from "./geometry.ts";
import { HANDLE_TOLERANCE_PX } from "./polygon-tool.ts";
import { type ClipboardHolder, type KeyInput, ShapeCommands } from "./shape-commands.ts";
import { type PointStore, pointUtil } from "./shape-kinds.ts";
import type { CanvasTool, PointerTarget } from "./tool.ts";

export type PointToolState =
  | { name: "idle" }
  | { name: "pointing_shape"; id: string; origin: Point; start: LabelledPoint }
  | { name: "dragging"; id: string; origin: Point; start: LabelledPoint };

export interface PointToolOptions {
  image: Size;
  labels: readonly { id: string }[];
  scale?: number;
  clipboard?: ClipboardHolder<LabelledPoint>;
}

const DRAG_THRESHOLD_PX = 3;

export class PointTool implements CanvasTool {
  private current: PointToolState = { name: "idle" };
  private enabled = true;
  private scale: number;
  private readonly image: Size;
  readonly commands: ShapeCommands<LabelledPoint>;

  constructor(
    private readonly store: PointStore,
    options: PointToolOptions,
  ) {
    this.image = options.image;
    this.scale = options.scale ?? 1;
    this.commands = new ShapeCommands(store, pointUtil, options);
  }

  get state(): PointToolState {
    return this.current;
  }

  setScale(scale: number): void {
    if (scale > 0) this.scale = scale;
  }

  setEnabled(enabled: boolean): void {
    if (!enabled) this.cancel();
    this.enabled = enabled;
    this.store.setCursor(enabled ? "crosshair" : "default");
  }

  pointerDown(p: Point, target: PointerTarget = {}): void {
    if (!this.enabled) return;
    if (this.current.name !== "idle") this.cancel();
    const hit = this.hitTest(p);
    if (target.toggle) {
      if (hit) this.store.toggleSelected(hit.id);
      return;
    }
    if (hit) {
      this.store.select(hit.id);
      if (!this.store.isLocked(hit.id))
        this.transition({ name: "pointing_shape", id: hit.id, origin: p, start: hit });
      return;
    }
    // Empty space: a new point, so that points are placed one click each.
    const label = this.store.getSnapshot().activeLabel;
    if (label === null) {
      this.store.select(null);
      return;
    }
    const at = clampPoint(p, this.image);
    this.store.select(this.store.addShape({ label, x: at.x, y: at.y }).id);
  }

  pointerMove(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    if (s.name === "idle") this.store.setCursor(this.hitTest(p) ? "move" : "crosshair");
    else if (s.name === "pointing_shape") {
      if (distance(s.origin, p) * this.scale >= DRAG_THRESHOLD_PX) {
        this.transition({ name: "dragging", id: s.id, origin: s.origin, start: s.start });
        this.move(s.start, s.origin, p);
      }
    } else this.move(s.start, s.origin, p);
  }

  pointerUp(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    if (s.name === "dragging") {
      this.move(s.start, s.origin, p);
      this.store.commitPreview();
    }
    this.transition({ name: "idle" });
  }

  keyDown(e: KeyInput): boolean {
    if (!this.enabled) return false;
    if (this.current.name !== "idle") return e.key === "Escape" ? this.cancel() : false;
    return this.commands.keyDown(e);
  }

  cancel(): boolean {
    if (this.current.name === "idle") return false;
    this.store.cancelPreview();
    this.transition({ name: "idle" });
    return true;
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

  private transition(next: PointToolState): void {
    this.current = next;
    this.store.setCursor(next.name === "idle" ? "crosshair" : "move");
  }

  private move(start: LabelledPoint, origin: Point, p: Point): void {
    this.store.preview(pointUtil.moveWithin(start, p.x - origin.x, p.y - origin.y, this.image));
  }
}
