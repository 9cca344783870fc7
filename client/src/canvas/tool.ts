// What the canvas needs of a tool: pointer and key events in image pixels, and the zoom for its
// on-screen tolerances. Every tool is a state machine over its kind's store; ShapeTool holds what
// they share: enabling, zoom, cancelling, the shared commands, and pressing on a shape to select it
// and move it (with the rest of a multi-selection) once the pointer travels.
import { distance, type Handle, type Point, type Size } from "./geometry.ts";
import type { KeyInput } from "./keyboard.ts";
import { type AnyStore, type ClipboardHolder, ShapeCommands } from "./shape-commands.ts";
import type { ShapeUtil } from "./shape-kinds.ts";
import type { BaseShape, Cursor } from "./shape-store.ts";

/** What a press hit besides a point: a resize handle, and the modifier keys held. */
export interface PointerTarget {
  handle?: Handle;
  /** Shift, Ctrl or Cmd: add the shape under the pointer to the selection or take it out. */
  toggle?: boolean;
  alt?: boolean;
  shift?: boolean;
}

export interface CanvasTool {
  pointerDown(p: Point, target?: PointerTarget): void;
  pointerMove(p: Point): void;
  pointerUp(p: Point): void;
  keyDown(e: KeyInput): boolean;
  /** Abandons what is in progress; returns whether there was something. */
  cancel(): boolean;
  setScale(scale: number): void;
  setEnabled(enabled: boolean): void;
}

/** Pointer travel, in screen pixels, that turns a press into a drag. */
export const DRAG_THRESHOLD_PX = 3;
/** How close, in screen pixels, a press must be to grab a vertex, a point, a midpoint or an edge. */
export const HANDLE_TOLERANCE_PX = 7;

/** A press on a shape: the shapes it moves (it, or the editable multi-selection it belongs to). */
export interface ShapeDrag<S> {
  id: string;
  origin: Point;
  group: readonly S[];
}

/** The states every shape tool has: pressed on a shape, then moving it (and its group). */
export type ShapeToolState<S> =
  | { name: "idle" }
  | { name: "pointing_shape"; drag: ShapeDrag<S> }
  | { name: "dragging"; drag: ShapeDrag<S> };

/** Pressed on a vertex or keypoint of a shape; becomes dragging_vertex once the pointer travels. */
export type VertexDragState<S> =
  | { name: "pointing_vertex"; id: string; index: number; origin: Point; start: S }
  | { name: "dragging_vertex"; id: string; index: number; origin: Point; start: S };

export interface ShapeToolOptions<S> {
  image: Size;
  /** The task's labels in palette order; keys 1..9 pick them. */
  labels: readonly { id: string }[];
  /** Screen pixels per image pixel: thresholds and tolerances are meant on screen. */
  scale?: number;
  clipboard?: ClipboardHolder<S>;
}

/** The cursor of a tool that edits vertices: move for a shape, pointer for a vertex, else crosshair. */
export function vertexToolCursor(state: string): Cursor {
  if (state === "dragging" || state === "pointing_shape") return "move";
  return state === "dragging_vertex" || state === "pointing_vertex" ? "pointer" : "crosshair";
}

function isShapeDrag<S>(s: { name: string }): s is Exclude<ShapeToolState<S>, { name: "idle" }> {
  return s.name === "pointing_shape" || s.name === "dragging";
}

export abstract class ShapeTool<S extends BaseShape, State extends { name: string }> implements CanvasTool {
  protected current: State | ShapeToolState<S> = { name: "idle" };
  protected enabled = true;
  protected scale: number;
  protected readonly image: Size;
  readonly commands: ShapeCommands<S>;

  constructor(
    protected readonly store: AnyStore<S>,
    util: ShapeUtil<S>,
    options: ShapeToolOptions<S>,
  ) {
    this.image = options.image;
    this.scale = options.scale ?? 1;
    this.commands = new ShapeCommands(store, util, {
      image: options.image,
      labels: options.labels,
      clipboard: options.clipboard,
    });
  }

  get state(): State | ShapeToolState<S> {
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
    if (!this.enabled || this.continueOn(p)) return;
    if (this.current.name !== "idle") this.cancel(); // a lost pointer-up must not wedge the tool
    this.store.setNotice(null); // a refusal is told until the next gesture
    this.press(p, target);
  }

  pointerMove(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    if (!isShapeDrag<S>(s)) {
      this.follow(p);
      return;
    }
    if (s.name === "pointing_shape") {
      if (!this.travelled(s.drag.origin, p)) return;
      this.transition({ name: "dragging", drag: s.drag });
    }
    this.moveGroup(s.drag, p);
  }

  pointerUp(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    if (!isShapeDrag<S>(s)) {
      this.release(p);
      return;
    }
    if (s.name === "dragging") {
      this.moveGroup(s.drag, p);
      this.store.commitPreview();
    } else this.clickShape(s.drag, p);
    this.transition({ name: "idle" });
  }

  /** Handles a key; returns whether it did something (the caller then prevents the default). */
  keyDown(e: KeyInput): boolean {
    if (!this.enabled) return false;
    const own = this.toolKey(e);
    if (own !== undefined) return own;
    if (this.current.name !== "idle") return e.key === "Escape" ? this.cancel() : false;
    return this.commands.keyDown(e);
  }

  /** Abandons the current interaction: a drawing is dropped, a drag leaves the shapes as they were. */
  cancel(): boolean {
    if (this.current.name === "idle") return false;
    this.store.setDraft(null);
    this.store.cancelPreview();
    this.transition({ name: "idle" });
    return true;
  }

  // --- what each tool does ---

  /** A press while drawing that goes on with the drawing; returns whether it took the press. */
  protected continueOn(_p: Point): boolean {
    return false;
  }

  /** A press in the idle state. */
  protected abstract press(p: Point, target: PointerTarget): void;

  /** A move in a state of the tool's own (hovering in the idle state). */
  protected abstract follow(p: Point): void;

  /** A release in a state of the tool's own. */
  protected release(_p: Point): void {
    this.transition({ name: "idle" });
  }

  /** A key the tool handles before the shared ones (undefined: not its own). */
  protected toolKey(_e: KeyInput): boolean | undefined {
    return undefined;
  }

  protected abstract cursorOf(state: State | ShapeToolState<S>): Cursor;

  /**
   * A press and release on a shape without travel. A member of a multi-selection becomes the only
   * selected shape.
   */
  protected clickShape(drag: ShapeDrag<S>, _p: Point): void {
    if (this.store.getSnapshot().selectedIds.size > 1) this.store.select(drag.id);
  }

  // --- shared steps ---

  protected transition(next: State | ShapeToolState<S>): void {
    this.current = next;
    this.store.setCursor(this.cursorOf(next));
  }

  protected travelled(from: Point, to: Point): boolean {
    return distance(from, to) * this.scale >= DRAG_THRESHOLD_PX;
  }

  /** Adds the shape to the selection or takes it out (Shift / Ctrl-click); nothing without a shape. */
  protected toggle(hit: S | undefined): void {
    if (hit) this.store.toggleSelected(hit.id);
  }

  /**
   * The usual press on what the tool hit: Shift / Ctrl toggles it in the selection, a plain press
   * selects it and gets ready to move it. Returns whether the press was taken (false: empty space).
   */
  protected takePress(hit: S | undefined, p: Point, target: PointerTarget): boolean {
    if (target.toggle) this.toggle(hit);
    else if (hit) this.pressShape(hit, p);
    return Boolean(target.toggle || hit);
  }

  /**
   * A press on shape `hit`: selects it (a multi-selection it belongs to stays selected), and gets
   * ready to move it, or the editable part of that selection, once the pointer travels.
   */
  protected pressShape(hit: S, p: Point, vertex: number | null = null): void {
    const { selectedIds } = this.store.getSnapshot();
    if (!(selectedIds.size > 1 && selectedIds.has(hit.id))) this.store.select(hit.id, vertex);
    const group = this.commands.dragGroup(hit.id);
    if (group.length > 0) this.transition({ name: "pointing_shape", drag: { id: hit.id, origin: p, group } });
  }

  /** Shows `start` with its vertex `index` moved by the pointer's travel from `origin`. */
  protected moveVertex(_start: S, _index: number, _origin: Point, _p: Point): void {}

  /** A move while pressing a vertex: it follows the pointer once the pointer has travelled. */
  protected followVertex<V extends VertexDragState<S>>(s: V, p: Point): void {
    if (s.name === "pointing_vertex") {
      if (!this.travelled(s.origin, p)) return;
      this.transition({ ...s, name: "dragging_vertex" } as unknown as State);
    }
    this.moveVertex(s.start, s.index, s.origin, p);
  }

  private moveGroup(drag: ShapeDrag<S>, p: Point): void {
    this.commands.previewMove(drag.group, p.x - drag.origin.x, p.y - drag.origin.y);
  }
}
