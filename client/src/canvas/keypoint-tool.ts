// The keypoint skeleton tool: a click on empty space starts an instance, and each click places its
// next keypoint in the template's order (S skips one, leaving it not labelled; V places it occluded;
// Backspace takes one back; Enter ends early). A selected instance's keypoints are dragged one by one,
// the instance whole from inside its bounds; V switches the picked keypoint between visible and
// occluded, Alt-click unlabels one.
import type { KeypointInstance, KeypointTuple, Skeleton } from "../../../protocol/index.ts";
import { clampPoint, containsPoint, distance, type Point, type Size } from "./geometry.ts";
import { HANDLE_TOLERANCE_PX } from "./polygon-tool.ts";
import { type ClipboardHolder, type KeyInput, ShapeCommands } from "./shape-commands.ts";
import { type KeypointDraft, type KeypointStore, keypointUtil } from "./shape-kinds.ts";
import type { CanvasTool, PointerTarget } from "./tool.ts";
import { clampVertex } from "./vertex-geometry.ts";

export type KeypointToolState =
  | { name: "idle" }
  | { name: "drawing" }
  | { name: "pointing_shape"; id: string; origin: Point; start: KeypointInstance }
  | { name: "dragging"; id: string; origin: Point; start: KeypointInstance }
  | { name: "pointing_vertex"; id: string; index: number; origin: Point; start: KeypointInstance }
  | { name: "dragging_vertex"; id: string; index: number; origin: Point; start: KeypointInstance };

export interface KeypointToolOptions {
  image: Size;
  labels: readonly { id: string }[];
  skeleton: Skeleton;
  scale?: number;
  clipboard?: ClipboardHolder<KeypointInstance>;
}

const DRAG_THRESHOLD_PX = 3;

export class KeypointTool implements CanvasTool {
  private current: KeypointToolState = { name: "idle" };
  private enabled = true;
  private scale: number;
  private readonly image: Size;
  readonly skeleton: Skeleton;
  readonly commands: ShapeCommands<KeypointInstance>;

  constructor(
    private readonly store: KeypointStore,
    options: KeypointToolOptions,
  ) {
    this.image = options.image;
    this.skeleton = options.skeleton;
    this.scale = options.scale ?? 1;
    this.commands = new ShapeCommands(store, keypointUtil, options);
  }

  get state(): KeypointToolState {
    return this.current;
  }

  /** The name of the keypoint the next click places, while drawing. */
  nextKeypointName(): string | null {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return null;
    return this.skeleton.keypoints[draft.keypoints.length]?.name ?? null;
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
    if (this.current.name === "drawing") {
      this.place(p);
      return;
    }
    if (this.current.name !== "idle") this.cancel();
    const hit = this.hitKeypoint(p);
    if (target.toggle) {
      const id = hit?.instance.id ?? this.hitInstance(p)?.id;
      if (id) this.store.toggleSelected(id);
      return;
    }
    if (hit) {
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
    const inside = this.hitInstance(p);
    if (inside) {
      this.store.select(inside.id);
      if (!this.store.isLocked(inside.id))
        this.transition({ name: "pointing_shape", id: inside.id, origin: p, start: inside });
      return;
    }
    if (this.store.getSnapshot().selectedIds.size > 0) {
      this.store.select(null);
      return;
    }
    if (this.startDrawing()) this.place(p);
  }

  pointerMove(p: Point): void {
    if (!this.enabled) return;
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
      case "pointing_shape":
        if (this.travelled(s.origin, p)) this.transition({ ...s, name: "dragging" });
        if (this.current.name === "dragging") this.moveInstance(s.start, s.origin, p);
        return;
      case "dragging":
        this.moveInstance(s.start, s.origin, p);
        return;
      case "pointing_vertex":
        if (this.travelled(s.origin, p)) this.transition({ ...s, name: "dragging_vertex" });
        if (this.current.name === "dragging_vertex") this.moveKeypoint(s.start, s.index, s.origin, p);
        return;
      case "dragging_vertex":
        this.moveKeypoint(s.start, s.index, s.origin, p);
        return;
    }
  }

  pointerUp(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    if (s.name === "idle" || s.name === "drawing") return;
    if (s.name === "dragging") {
      this.moveInstance(s.start, s.origin, p);
      this.store.commitPreview();
    } else if (s.name === "dragging_vertex") {
      this.moveKeypoint(s.start, s.index, s.origin, p);
      this.store.commitPreview();
    }
    this.transition({ name: "idle" });
  }

  keyDown(e: KeyInput): boolean {
    if (!this.enabled) return false;
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
    if (s.name !== "idle") return key === "Escape" ? this.cancel() : false;
    if (!mod && !e.altKey && key === "v") return this.toggleVisibility();
    if (!mod && !e.altKey && key === "n") {
      this.store.select(null);
      return this.startDrawing();
    }
    return this.commands.keyDown(e);
  }

  cancel(): boolean {
    const s = this.current;
    if (s.name === "idle") return false;
    if (s.name === "drawing") this.store.setDraft(null);
    else this.store.cancelPreview();
    this.transition({ name: "idle" });
    return true;
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

  private transition(next: KeypointToolState): void {
    this.current = next;
    const cursor =
      next.name === "dragging" || next.name === "pointing_shape"
        ? "move"
        : next.name === "dragging_vertex" || next.name === "pointing_vertex"
          ? "pointer"
          : "crosshair";
    this.store.setCursor(cursor);
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

  private travelled(from: Point, to: Point): boolean {
    return distance(from, to) * this.scale >= DRAG_THRESHOLD_PX;
  }

  private moveInstance(start: KeypointInstance, origin: Point, p: Point): void {
    this.store.preview(keypointUtil.moveWithin(start, p.x - origin.x, p.y - origin.y, this.image));
  }

  private moveKeypoint(start: KeypointInstance, index: number, origin: Point, p: Point): void {
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

  /** The selected instance, when `p` is inside the bounds of its labelled keypoints. */
  private hitInstance(p: Point): KeypointInstance | undefined {
    const { selectedId } = this.store.getSnapshot();
    const selected = this.store.shape(selectedId);
    if (!selected || this.store.isHidden(selected.id)) return undefined;
    const pad = HANDLE_TOLERANCE_PX / this.scale;
    const b = keypointUtil.bounds(selected);
    return containsPoint({ x: b.x - pad, y: b.y - pad, w: b.w + 2 * pad, h: b.h + 2 * pad }, p)
      ? selected
      : undefined;
  }
}
