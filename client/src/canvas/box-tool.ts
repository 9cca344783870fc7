// The box tool: a small state machine that turns pointer and key events (in image pixels) into
// changes of a CanvasStore. React and Konva only forward events to it and render the store.
import type { Box } from "../../../protocol/index.ts";
import {
  clampPoint,
  containsPoint,
  distance,
  type Handle,
  handlePoint,
  moveRectWithin,
  nearOutline,
  type Point,
  type Rect,
  rectFromPoints,
  resizeRect,
  type Size,
} from "./geometry.ts";
import { type ClipboardHolder, type KeyInput, ShapeCommands } from "./shape-commands.ts";
import { boxUtil } from "./shape-kinds.ts";
import type { CanvasStore } from "./store.ts";
import type { CanvasTool, PointerTarget } from "./tool.ts";

export type { KeyInput };

export type BoxToolState =
  | { name: "idle" }
  /** Pressed on empty space; becomes drawing once the pointer travels. */
  | { name: "pointing"; origin: Point }
  | { name: "drawing"; origin: Point }
  /** Pressed on a box (now selected); becomes dragging once the pointer travels. */
  | { name: "pointing_box"; boxId: string; origin: Point; start: Rect }
  | { name: "dragging"; boxId: string; origin: Point; start: Rect }
  | { name: "resizing"; boxId: string; handle: Handle; start: Rect; grab: Point };

export interface BoxToolOptions {
  image: Size;
  /** The task's labels in palette order; keys 1..9 pick them. */
  labels: readonly { id: string }[];
  /** Smallest box side, in image pixels. */
  minSize?: number;
  /** Screen pixels per image pixel: thresholds below are meant on screen. */
  scale?: number;
  clipboard?: ClipboardHolder<Box>;
}

/** Pointer travel, in screen pixels, that turns a press into a drag. */
const DRAG_THRESHOLD_PX = 3;
/** How close to a box outline, in screen pixels, a press grabs that box. */
const OUTLINE_TOLERANCE_PX = 6;

export class BoxTool implements CanvasTool {
  private current: BoxToolState = { name: "idle" };
  private enabled = true;
  private scale: number;
  private readonly image: Size;
  private readonly labels: readonly { id: string }[];
  private readonly minSize: number;
  readonly commands: ShapeCommands<Box>;

  constructor(
    private readonly store: CanvasStore,
    options: BoxToolOptions,
  ) {
    this.image = options.image;
    this.labels = options.labels;
    this.minSize = options.minSize ?? 3;
    this.scale = options.scale ?? 1;
    this.commands = new ShapeCommands(store, boxUtil, {
      image: this.image,
      labels: this.labels,
      clipboard: options.clipboard,
    });
  }

  get state(): BoxToolState {
    return this.current;
  }

  setScale(scale: number): void {
    if (scale > 0) this.scale = scale;
  }

  /** A disabled tool (the attempt is closed) ignores every event. */
  setEnabled(enabled: boolean): void {
    if (!enabled) this.cancel();
    this.enabled = enabled;
    this.store.setCursor(enabled ? "crosshair" : "default");
  }

  // --- events ---

  pointerDown(p: Point, target: PointerTarget = {}): void {
    if (!this.enabled) return;
    if (this.current.name !== "idle") this.cancel(); // a lost pointer-up must not wedge the tool
    const { selectedId } = this.store.getSnapshot();
    const selected = this.store.box(selectedId);
    if (target.toggle) {
      const hit = this.hitTest(p) ?? this.smallestBoxAt(p);
      if (hit) this.store.toggleSelected(hit.id);
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
    const hit = this.hitTest(p);
    if (hit) {
      this.store.select(hit.id);
      if (this.store.isLocked(hit.id)) return;
      this.transition({ name: "pointing_box", boxId: hit.id, origin: p, start: hit });
      return;
    }
    this.transition({ name: "pointing", origin: clampPoint(p, this.image) });
  }

  pointerMove(p: Point): void {
    if (!this.enabled) return;
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
      case "pointing_box":
        if (this.travelled(s.origin, p)) {
          this.transition({ name: "dragging", boxId: s.boxId, origin: s.origin, start: s.start });
          this.moveBox(s.boxId, s.start, s.origin, p);
        }
        return;
      case "dragging":
        this.moveBox(s.boxId, s.start, s.origin, p);
        return;
      case "resizing":
        this.resizeBox(s, p);
        return;
    }
  }

  pointerUp(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    switch (s.name) {
      case "idle":
        return;
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
      case "pointing_box":
        break;
      case "dragging":
        this.moveBox(s.boxId, s.start, s.origin, p);
        this.store.commitPreview();
        break;
      case "resizing":
        this.resizeBox(s, p);
        this.store.commitPreview();
        break;
    }
    this.transition({ name: "idle" });
  }

  /** Handles a key; returns whether it did something (the caller then prevents the default). */
  keyDown(e: KeyInput): boolean {
    if (!this.enabled) return false;
    if (e.key === "Escape" && this.current.name !== "idle") return this.cancel();
    if (this.current.name !== "idle") return false;
    return this.commands.keyDown(e);
  }

  /** Abandons the current interaction: a drawing is dropped, a drag or resize leaves the box as it was. */
  cancel(): boolean {
    const s = this.current;
    if (s.name === "idle") return false;
    if (s.name === "drawing") this.store.setDraft(null);
    if (s.name === "dragging" || s.name === "resizing") this.store.cancelPreview();
    this.transition({ name: "idle" });
    return true;
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

  private transition(next: BoxToolState): void {
    this.current = next;
    const cursor = next.name === "dragging" || next.name === "pointing_box" ? "move" : "crosshair";
    this.store.setCursor(next.name === "resizing" ? "default" : cursor);
  }

  private travelled(from: Point, to: Point): boolean {
    return distance(from, to) * this.scale >= DRAG_THRESHOLD_PX;
  }

  // A move or resize changes only the preview until release: one document change per gesture, and
  // nothing else on the canvas redraws while the box follows the pointer.
  private moveBox(id: string, start: Rect, origin: Point, p: Point): void {
    this.store.previewBox(id, moveRectWithin(start, p.x - origin.x, p.y - origin.y, this.image));
  }

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
