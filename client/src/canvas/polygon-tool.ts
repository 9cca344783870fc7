// The polygon tool: a state machine that turns pointer and key events (in image pixels) into changes
// of a PolygonStore. Click vertices to draw, close on the first vertex, Enter or a double click; Esc
// cancels, Backspace takes back the last vertex. A selected polygon is dragged whole or by a vertex;
// its edge midpoints (or Alt/Shift-click on an edge) insert a vertex, Alt-click or Delete on a vertex
// removes one, never below three.
import type { Polygon as PolygonDoc } from "../../../protocol/index.ts";
import { MAX_POLYGON_VERTICES } from "../../../protocol/index.ts";
import { clampPoint, distance, type Point, type Size } from "./geometry.ts";
import { type ClipboardHolder, type KeyInput, ShapeCommands } from "./shape-commands.ts";
import { type PolygonStore, polygonUtil } from "./shape-kinds.ts";
import type { CanvasTool, PointerTarget } from "./tool.ts";
import {
  clampVertex,
  edgeMidpoints,
  nearestEdge,
  nearestVertex,
  pointInPolygon,
  polygonArea,
  type Vertex,
} from "./vertex-geometry.ts";

export type PolygonToolState =
  | { name: "idle" }
  /** Vertices placed so far live in the store's draft. */
  | { name: "drawing" }
  /** Pressed on a polygon (now selected); becomes dragging once the pointer travels. */
  | { name: "pointing_shape"; id: string; origin: Point; start: PolygonDoc }
  | { name: "dragging"; id: string; origin: Point; start: PolygonDoc }
  /** Pressed on a vertex (or on a midpoint, which inserted it into the preview). */
  | {
      name: "pointing_vertex";
      id: string;
      index: number;
      origin: Point;
      start: PolygonDoc;
      inserted: boolean;
    }
  | { name: "dragging_vertex"; id: string; index: number; origin: Point; start: PolygonDoc };

export interface PolygonToolOptions {
  image: Size;
  labels: readonly { id: string }[];
  scale?: number;
  clipboard?: ClipboardHolder<PolygonDoc>;
}

/** Pointer travel, in screen pixels, that turns a press into a drag. */
const DRAG_THRESHOLD_PX = 3;
/** How close, in screen pixels, a press must be to grab a vertex, a midpoint or an edge. */
export const HANDLE_TOLERANCE_PX = 7;
const MIN_VERTICES = 3;

export class PolygonTool implements CanvasTool {
  private current: PolygonToolState = { name: "idle" };
  private enabled = true;
  private scale: number;
  private readonly image: Size;
  readonly commands: ShapeCommands<PolygonDoc>;

  constructor(
    private readonly store: PolygonStore,
    options: PolygonToolOptions,
  ) {
    this.image = options.image;
    this.scale = options.scale ?? 1;
    this.commands = new ShapeCommands(store, polygonUtil, {
      image: options.image,
      labels: options.labels,
      clipboard: options.clipboard,
    });
  }

  get state(): PolygonToolState {
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

  // --- events ---

  pointerDown(p: Point, target: PointerTarget = {}): void {
    if (!this.enabled) return;
    const s = this.current;
    if (s.name === "drawing") {
      this.placeVertex(p);
      return;
    }
    if (s.name !== "idle") this.cancel(); // a lost pointer-up must not wedge the tool
    const snap = this.store.getSnapshot();
    const selected = this.editableSelected();
    if (selected && (!target.toggle || target.shift) && this.pressOnSelected(selected, p, target)) return;
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
    if (snap.selectedIds.size > 0) {
      this.store.select(null);
      return;
    }
    this.startDrawing();
    this.placeVertex(p);
  }

  pointerMove(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    switch (s.name) {
      case "idle":
        this.store.setCursor(this.hoverCursor(p));
        return;
      case "drawing": {
        const draft = this.store.getSnapshot().draft;
        if (draft) this.store.setDraft({ ...draft, cursor: clampPoint(p, this.image) });
        return;
      }
      case "pointing_shape":
        if (this.travelled(s.origin, p)) {
          this.transition({ name: "dragging", id: s.id, origin: s.origin, start: s.start });
          this.moveShape(s.start, s.origin, p);
        }
        return;
      case "dragging":
        this.moveShape(s.start, s.origin, p);
        return;
      case "pointing_vertex":
        if (this.travelled(s.origin, p)) {
          this.transition({
            name: "dragging_vertex",
            id: s.id,
            index: s.index,
            origin: s.origin,
            start: s.start,
          });
          this.moveVertex(s.start, s.index, s.origin, p);
        }
        return;
      case "dragging_vertex":
        this.moveVertex(s.start, s.index, s.origin, p);
        return;
    }
  }

  pointerUp(p: Point): void {
    if (!this.enabled) return;
    const s = this.current;
    switch (s.name) {
      case "idle":
      case "drawing":
        return;
      case "pointing_shape": {
        // A click (no drag) inside the selected polygon picks what lies there: a smaller one inside it.
        const hit = this.hitTest(p);
        if (hit && hit.id !== s.id) this.store.select(hit.id);
        break;
      }
      case "dragging":
        this.moveShape(s.start, s.origin, p);
        this.store.commitPreview();
        break;
      case "pointing_vertex":
        // A click on a midpoint keeps the vertex it inserted.
        if (s.inserted) this.store.commitPreview();
        break;
      case "dragging_vertex":
        this.moveVertex(s.start, s.index, s.origin, p);
        this.store.commitPreview();
        break;
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
      if (key === "Enter") return this.close();
      if (key === "Backspace" || (mod && key === "z" && !e.shiftKey)) return this.removeLastVertex();
      if (/^[1-9]$/.test(key)) return this.commands.keyDown(e); // the label of the polygon being drawn
      return false;
    }
    if (s.name !== "idle") return key === "Escape" ? this.cancel() : false;
    if (key === "n" && !mod && !e.altKey) {
      this.store.select(null);
      this.startDrawing();
      return true;
    }
    if ((key === "Delete" || key === "Backspace") && !mod && this.deleteActiveVertex()) return true;
    return this.commands.keyDown(e);
  }

  /** Abandons the current interaction: a drawing is dropped, a drag leaves the polygon as it was. */
  cancel(): boolean {
    const s = this.current;
    if (s.name === "idle") return false;
    if (s.name === "drawing") this.store.setDraft(null);
    else this.store.cancelPreview();
    this.transition({ name: "idle" });
    return true;
  }

  /** Closes the polygon being drawn (three vertices at least) with the active label. */
  close(): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft || draft.points.length < MIN_VERTICES) return false;
    const label = this.store.getSnapshot().activeLabel;
    this.store.setDraft(null);
    this.transition({ name: "idle" });
    if (label === null || polygonArea(draft.points) === 0) return true;
    const added = this.store.addShape({
      label,
      points: draft.points.map(([x, y]) => [x, y] as [number, number]),
    });
    this.store.select(added.id);
    return true;
  }

  removeLastVertex(): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft) return false;
    if (draft.points.length <= 1) return this.cancel();
    this.store.setDraft({ ...draft, points: draft.points.slice(0, -1) });
    return true;
  }

  /** Deletes the picked vertex of the selected polygon; true when a vertex was picked. */
  deleteActiveVertex(): boolean {
    const { activeVertex } = this.store.getSnapshot();
    const selected = this.editableSelected();
    if (activeVertex === null || !selected || activeVertex >= selected.points.length) return false;
    this.removeVertex(selected, activeVertex);
    return true;
  }

  // --- helpers ---

  private transition(next: PolygonToolState): void {
    this.current = next;
    const cursor =
      next.name === "dragging" || next.name === "pointing_shape"
        ? "move"
        : next.name === "dragging_vertex" || next.name === "pointing_vertex"
          ? "pointer"
          : "crosshair";
    this.store.setCursor(cursor);
  }

  private startDrawing(): void {
    this.store.setDraft({ points: [], cursor: null });
    this.transition({ name: "drawing" });
  }

  private placeVertex(p: Point): void {
    const draft = this.store.getSnapshot().draft;
    if (!draft) return;
    const at = clampPoint(p, this.image);
    const tolerance = HANDLE_TOLERANCE_PX / this.scale;
    const first = draft.points[0];
    const last = draft.points[draft.points.length - 1];
    const near = (v: Vertex | undefined) =>
      v !== undefined && distance({ x: v[0], y: v[1] }, at) <= tolerance;
    // On the first vertex, or again on the last one (the second click of a double click): close.
    if (draft.points.length >= MIN_VERTICES && (near(first) || near(last))) {
      this.close();
      return;
    }
    if (near(last) || draft.points.length >= MAX_POLYGON_VERTICES) return;
    this.store.setDraft({ points: [...draft.points, [at.x, at.y]], cursor: at });
  }

  /** A press on the selected polygon: a vertex, a midpoint, an edge or its inside. Returns whether it took it. */
  private pressOnSelected(poly: PolygonDoc, p: Point, target: PointerTarget): boolean {
    const tolerance = HANDLE_TOLERANCE_PX / this.scale;
    // Shift is also multi-select: on the selected polygon it only inserts a vertex on an edge.
    const onlyInsert = Boolean(target.shift && !target.alt);
    const vertex = onlyInsert ? -1 : nearestVertex(poly.points, p, tolerance);
    if (vertex >= 0) {
      if (target.alt) {
        this.removeVertex(poly, vertex);
        return true;
      }
      this.store.setActiveVertex(vertex);
      this.transition({
        name: "pointing_vertex",
        id: poly.id,
        index: vertex,
        origin: p,
        start: poly,
        inserted: false,
      });
      return true;
    }
    if (poly.points.length < MAX_POLYGON_VERTICES) {
      const mid = onlyInsert ? -1 : edgeMidpoints(poly.points).findIndex((m) => distance(m, p) <= tolerance);
      const edge =
        mid >= 0 ? null : target.alt || target.shift ? nearestEdge(poly.points, p, tolerance) : null;
      if (mid >= 0 || edge) {
        const index = mid >= 0 ? mid : (edge?.index ?? 0);
        const at = mid >= 0 ? (edgeMidpoints(poly.points)[mid] as Point) : (edge?.at as Point);
        const points = [...poly.points];
        points.splice(index + 1, 0, [at.x, at.y]);
        const start = { ...poly, points };
        this.store.preview(start);
        this.store.setActiveVertex(index + 1);
        this.transition({
          name: "pointing_vertex",
          id: poly.id,
          index: index + 1,
          origin: p,
          start,
          inserted: true,
        });
        return true;
      }
    }
    if (!onlyInsert && (pointInPolygon(p, poly.points) || nearestEdge(poly.points, p, tolerance))) {
      this.store.setActiveVertex(null);
      this.transition({ name: "pointing_shape", id: poly.id, origin: p, start: poly });
      return true;
    }
    return false;
  }

  private removeVertex(poly: PolygonDoc, index: number): void {
    if (poly.points.length <= MIN_VERTICES) return;
    this.store.setActiveVertex(null);
    this.store.replaceShape({ ...poly, points: poly.points.filter((_, i) => i !== index) });
  }

  /** The primary selection, if the only one selected and editable. */
  private editableSelected(): PolygonDoc | undefined {
    const { selectedId, selectedIds } = this.store.getSnapshot();
    if (selectedId === null || selectedIds.size !== 1 || this.store.isLocked(selectedId)) return undefined;
    return this.store.shape(selectedId);
  }

  private travelled(from: Point, to: Point): boolean {
    return distance(from, to) * this.scale >= DRAG_THRESHOLD_PX;
  }

  private moveShape(start: PolygonDoc, origin: Point, p: Point): void {
    this.store.preview(polygonUtil.moveWithin(start, p.x - origin.x, p.y - origin.y, this.image));
  }

  private moveVertex(start: PolygonDoc, index: number, origin: Point, p: Point): void {
    const v = start.points[index];
    if (!v) return;
    const moved = clampVertex([v[0] + p.x - origin.x, v[1] + p.y - origin.y], this.image);
    this.store.preview({ ...start, points: start.points.map((q, i) => (i === index ? moved : q)) });
  }

  /**
   * The polygon a press at `p` grabs: near an outline (topmost first), else the smallest one around
   * the point. Hidden polygons are not hit.
   */
  hitTest(p: Point): PolygonDoc | undefined {
    const { shapes, hidden } = this.store.getSnapshot();
    const tolerance = HANDLE_TOLERANCE_PX / this.scale;
    let inside: PolygonDoc | undefined;
    let insideArea = Number.POSITIVE_INFINITY;
    for (let i = shapes.length - 1; i >= 0; i--) {
      const poly = shapes[i];
      if (!poly || hidden.has(poly.id)) continue;
      const b = polygonUtil.bounds(poly);
      if (
        p.x < b.x - tolerance ||
        p.x > b.x + b.w + tolerance ||
        p.y < b.y - tolerance ||
        p.y > b.y + b.h + tolerance
      )
        continue;
      if (nearestEdge(poly.points, p, tolerance)) return poly;
      if (pointInPolygon(p, poly.points)) {
        const area = polygonArea(poly.points);
        if (area < insideArea) [inside, insideArea] = [poly, area];
      }
    }
    return inside;
  }

  private hoverCursor(p: Point): "crosshair" | "move" | "pointer" {
    const selected = this.editableSelected();
    if (selected && nearestVertex(selected.points, p, HANDLE_TOLERANCE_PX / this.scale) >= 0)
      return "pointer";
    return this.hitTest(p) ? "move" : "crosshair";
  }
}
