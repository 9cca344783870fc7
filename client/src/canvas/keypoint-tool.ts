// The keypoint skeleton tool: a click on empty space starts an instance, and each click places its
// next keypoint in the template's order (S skips one, leaving it not labelled; V places it occluded;
// Backspace takes one back; Enter ends early). A selected instance's keypoints are dragged one by one,
// the instance whole from inside its bounds; V switches the picked keypoint between visible and
// occluded, Alt-click unlabels one.
import type { KeypointInstance, KeypointTuple, Skeleton } from "../../../protocol/index.ts";
import { clampPoint, containsPoint, type Point } from "./geometry.ts";
import type { KeyInput } from "./keyboard.ts";
import { type KeypointDraft, type KeypointStore, keypointUtil } from "./shape-kinds.ts";
import type { Cursor } from "./shape-store.ts";
import {
  HANDLE_TOLERANCE_PX,
  type PointerTarget,
  ShapeTool,
  type ShapeToolOptions,
  type ShapeToolState,
  type VertexDragState,
  vertexToolCursor,
} from "./tool.ts";
import { clampVertex } from "./vertex-geometry.ts";

export type KeypointToolState =
  | ShapeToolState<KeypointInstance>
  | { name: "drawing" }
  | VertexDragState<KeypointInstance>;

export interface KeypointToolOptions extends ShapeToolOptions<KeypointInstance> {
  skeleton: Skeleton;
}

export class KeypointTool extends ShapeTool<KeypointInstance, KeypointToolState> {
  readonly skeleton: Skeleton;

  constructor(
    protected override readonly store: KeypointStore,
    options: KeypointToolOptions,
  ) {
    super(store, keypointUtil, options);
    this.skeleton = options.skeleton;
  }

  /** The name of the keypoint the next click places, while drawing. */
  nextKeypointName(): string | null {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return null;
    return this.skeleton.keypoints[draft.keypoints.length]?.name ?? null;
  }

  protected override continueOn(p: Point): boolean {
    if (this.current.name !== "drawing") return false;
    this.place(p);
    return true;
  }

  protected press(p: Point, target: PointerTarget): void {
    const hit = this.hitKeypoint(p);
    if (target.toggle) {
      this.toggle(hit?.instance ?? this.hitInstance(p));
      return;
    }
    const { selectedIds } = this.store.getSnapshot();
    // A keypoint of a multi-selection moves the group, like a press inside one of its instances.
    if (hit && !(selectedIds.size > 1 && selectedIds.has(hit.instance.id))) {
      const { instance, index } = hit;
      this.store.select(instance.id, index);
      if (this.store.isLocked(instance.id)) return;
      if (target.alt) {
        this.setKeypoint(instance, index, [0, 0, 0]);
        return;
      }
      this.transition({ name: "pointing_vertex", id: instance.id, index, origin: p, start: instance });
      return;
    }
    const inside = hit?.instance ?? this.hitInstance(p);
    if (inside) {
      this.pressShape(inside, p);
      return;
    }
    if (selectedIds.size > 0) {
      this.store.select(null);
      return;
    }
    if (this.startDrawing()) this.place(p);
  }

  protected follow(p: Point): void {
    const s = this.current;
    switch (s.name) {
      case "idle":
        this.store.setCursor(this.hitKeypoint(p) ? "pointer" : this.hitInstance(p) ? "move" : "crosshair");
        return;
      case "drawing": {
        const draft = this.store.getSnapshot().draft;
        if (draft) this.store.setDraft({ ...draft, cursor: clampPoint(p, this.image) });
        return;
      }
      case "pointing_vertex":
      case "dragging_vertex":
        this.followVertex(s, p);
        return;
    }
  }

  protected override release(p: Point): void {
    const s = this.current;
    if (s.name === "drawing") return;
    if (s.name === "dragging_vertex") {
      this.moveVertex(s.start, s.index, s.origin, p);
      this.store.commitPreview();
    }
    this.transition({ name: "idle" });
  }

  protected override toolKey(e: KeyInput): boolean | undefined {
    const mod = Boolean(e.ctrlKey || e.metaKey);
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const s = this.current;
    if (s.name === "drawing") {
      if (key === "Escape") return this.cancel();
      if (mod || e.altKey) return key === "z" && !e.shiftKey ? this.removeLast() : false;
      if (key === "Enter") return this.finish();
      if (key === "s") return this.skip();
      if (key === "v") return this.toggleNextVisibility();
      if (key === "Backspace") return this.removeLast();
      return false;
    }
    if (s.name !== "idle" || mod || e.altKey) return undefined;
    if (key === "v") return this.toggleVisibility();
    if (key === "n") {
      this.store.select(null);
      return this.startDrawing();
    }
    return undefined;
  }

  /** Leaves the next keypoint not labelled and goes on to the one after. */
  skip(): boolean {
    return this.push([0, 0, 0]);
  }

  toggleNextVisibility(): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return false;
    this.store.setDraft({ ...draft, nextVisibility: draft.nextVisibility === 2 ? 1 : 2 });
    return true;
  }

  removeLast(): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return false;
    if (draft.keypoints.length === 0) return this.cancel();
    this.store.setDraft({ ...draft, keypoints: draft.keypoints.slice(0, -1) });
    return true;
  }

  /** Ends the instance being drawn; the keypoints not placed stay not labelled. */
  finish(): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return false;
    this.store.setDraft(null);
    this.transition({ name: "idle" });
    if (!draft.keypoints.some((k) => k[2] > 0)) return true; // nothing labelled: nothing to keep
    const keypoints = this.skeleton.keypoints.map(
      (_, i) => (draft.keypoints[i] ?? [0, 0, 0]) as KeypointTuple,
    );
    const added = this.store.addShape({ label: draft.label, keypoints });
    this.store.select(added.id);
    return true;
  }

  /** Switches the picked keypoint of the selected instance between visible and occluded. */
  toggleVisibility(): boolean {
    const { selectedId, activeVertex } = this.store.getSnapshot();
    const instance = this.store.shape(selectedId);
    if (!instance || activeVertex === null || this.store.isLocked(instance.id)) return false;
    const kp = instance.keypoints[activeVertex];
    if (!kp || kp[2] === 0) return false;
    this.setKeypoint(instance, activeVertex, [kp[0], kp[1], kp[2] === 2 ? 1 : 2]);
    return true;
  }

  // --- helpers ---

  protected cursorOf(next: KeypointToolState): Cursor {
    return vertexToolCursor(next.name);
  }

  private startDrawing(): boolean {
    const label = this.store.getSnapshot().activeLabel;
    if (label === null) return false;
    const draft: KeypointDraft = { label, keypoints: [], nextVisibility: 2, cursor: null };
    this.store.setDraft(draft);
    this.transition({ name: "drawing" });
    return true;
  }

  private place(p: Point): void {
    const draft = this.store.getSnapshot().draft;
    if (!draft) return;
    const at = clampPoint(p, this.image);
    this.push([at.x, at.y, draft.nextVisibility]);
  }

  private push(kp: KeypointTuple): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return false;
    const keypoints = [...draft.keypoints, kp];
    this.store.setDraft({ ...draft, keypoints, nextVisibility: 2 });
    if (keypoints.length >= this.skeleton.keypoints.length) this.finish();
    return true;
  }

  private setKeypoint(instance: KeypointInstance, index: number, kp: KeypointTuple): void {
    const keypoints = instance.keypoints.map((k, i) => (i === index ? kp : k));
    // An instance with nothing labelled left is no instance.
    if (!keypoints.some((k) => k[2] > 0)) this.store.deleteShapes([instance.id]);
    else this.store.replaceShape({ ...instance, keypoints });
  }

  protected override moveVertex(start: KeypointInstance, index: number, origin: Point, p: Point): void {
    const kp = start.keypoints[index];
    if (!kp) return;
    const [x, y] = clampVertex([kp[0] + p.x - origin.x, kp[1] + p.y - origin.y], this.image);
    this.store.preview({
      ...start,
      keypoints: start.keypoints.map((k, i) => (i === index ? [x, y, kp[2]] : k)),
    });
  }

  /** The labelled keypoint nearest `p` within reach, on the selected instance first. */
  hitKeypoint(p: Point): { instance: KeypointInstance; index: number } | undefined {
    const { shapes, hidden, selectedId } = this.store.getSnapshot();
    const tolerance = HANDLE_TOLERANCE_PX / this.scale;
    let best: { instance: KeypointInstance; index: number } | undefined;
    let bestD = tolerance;
    const selected = this.store.shape(selectedId);
    const order = selected ? [selected, ...shapes] : shapes;
    for (const instance of order) {
      if (hidden.has(instance.id)) continue;
      instance.keypoints.forEach(([x, y, v], index) => {
        if (v === 0) return;
        const d = Math.hypot(x - p.x, y - p.y);
        if (d < bestD) [best, bestD] = [{ instance, index }, d];
      });
      if (best && instance === selected) return best;
    }
    return best;
  }

  /** A selected instance (the primary one first) when `p` is inside the bounds of its labelled keypoints. */
  private hitInstance(p: Point): KeypointInstance | undefined {
    const { selectedId } = this.store.getSnapshot();
    const primary = this.store.shape(selectedId);
    const selected = this.store.selectedShapes();
    const pad = HANDLE_TOLERANCE_PX / this.scale;
    return (primary ? [primary, ...selected] : selected).find((instance) => {
      if (this.store.isHidden(instance.id)) return false;
      const b = keypointUtil.bounds(instance);
      return containsPoint({ x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad }, p);
    });
  }
}
