// The polygon tool: a state machine that turns pointer and key events (in image pixels) into changes
// of a PolygonStore. Click vertices to draw, close on the first vertex, Enter or a double click; Esc
// cancels, Backspace takes back the last vertex. A selected polygon is dragged whole or by a vertex;
// its edge midpoints (or Alt/Shift-click on an edge) insert a vertex, Alt-click or Delete on a vertex
// removes one, never below three. Every outline stays a simple ring, as the server requires: a vertex
// whose edge would cross the outline, a closing edge that crosses, or a vertex moved, inserted or
// removed so that edges cross is refused, and the store's notice says why.
import type { Polygon as PolygonDoc } from "../../../protocol/index.ts";
import { MAX_POLYGON_VERTICES } from "../../../protocol/index.ts";
import { clampPoint, distance, type Point } from "./geometry.ts";
import type { KeyInput } from "./keyboard.ts";
import { type PolygonDraft, type PolygonStore, polygonUtil } from "./shape-kinds.ts";
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
import {
  clampVertex,
  edgeMidpoints,
  nearestEdge,
  nearestVertex,
  nextVertexIssue,
  pointInPolygon,
  polygonArea,
  type RingIssue,
  ringIssue,
  roundVertex,
  type Vertex,
} from "./vertex-geometry.ts";

export { HANDLE_TOLERANCE_PX };

export type PolygonToolState =
  | ShapeToolState<PolygonDoc>
  /** Vertices placed so far live in the store's draft. */
  | { name: "drawing" }
  /** Pressed on a vertex (or on a midpoint, which inserted it into the preview). */
  | {
      name: "pointing_vertex";
      id: string;
      index: number;
      origin: Point;
      start: PolygonDoc;
      inserted: boolean;
    }
  | Extract<VertexDragState<PolygonDoc>, { name: "dragging_vertex" }>;

export type PolygonToolOptions = ShapeToolOptions<PolygonDoc>;

const MIN_VERTICES = 3;

/** What a click at a point does to the polygon being drawn. */
type DraftStep =
  | { action: "close"; issue: RingIssue | null }
  | { action: "ignore" }
  | { action: "place"; at: [number, number]; issue: RingIssue | null };

export class PolygonTool extends ShapeTool<PolygonDoc, PolygonToolState> {
  constructor(
    protected override readonly store: PolygonStore,
    options: PolygonToolOptions,
  ) {
    super(store, polygonUtil, options);
  }

  // --- events ---

  protected override continueOn(p: Point): boolean {
    if (this.current.name !== "drawing") return false;
    this.placeVertex(p);
    return true;
  }

  protected press(p: Point, target: PointerTarget): void {
    const snap = this.store.getSnapshot();
    const selected = this.editableSelected();
    if (selected && (!target.toggle || target.shift) && this.pressOnSelected(selected, p, target)) return;
    if (this.takePress(this.hitTest(p), p, target)) return;
    if (snap.selectedIds.size > 0) {
      this.store.select(null);
      return;
    }
    this.startDrawing();
    this.placeVertex(p);
  }

  protected follow(p: Point): void {
    const s = this.current;
    switch (s.name) {
      case "idle":
        this.store.setCursor(this.hoverCursor(p));
        return;
      case "drawing": {
        const draft = this.store.getSnapshot().draft;
        if (!draft) return;
        const cursor = clampPoint(p, this.image);
        const step = this.draftStep(draft, cursor);
        const blocked = step.action !== "ignore" && step.issue !== null;
        this.store.setDraft({ ...draft, cursor, blocked });
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
    switch (s.name) {
      case "drawing":
        return;
      case "pointing_vertex":
        // A click on a midpoint keeps the vertex it inserted.
        if (s.inserted) this.commitChecked();
        break;
      case "dragging_vertex":
        this.moveVertex(s.start, s.index, s.origin, p);
        this.commitChecked();
        break;
    }
    this.transition({ name: "idle" });
  }

  /** A click (no drag) inside the selected polygon picks what lies there: a smaller one inside it. */
  protected override clickShape(drag: { id: string; origin: Point }, p: Point): void {
    const multi = this.store.getSnapshot().selectedIds.size > 1;
    const hit = this.hitTest(p);
    if (hit && (multi || hit.id !== drag.id)) this.store.select(hit.id);
  }

  protected override toolKey(e: KeyInput): boolean | undefined {
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
    if (s.name !== "idle") return undefined;
    if (key === "n" && !mod && !e.altKey) {
      this.store.select(null);
      this.startDrawing();
      return true;
    }
    if ((key === "Delete" || key === "Backspace") && !mod && this.deleteActiveVertex()) return true;
    return undefined;
  }

  /**
   * Closes the polygon being drawn (three vertices at least) with the active label. A ring that would
   * not be simple (its closing edge crosses another, or it has no area) is refused: the drawing goes on.
   */
  close(): boolean {
    const draft = this.store.getSnapshot().draft;
    if (this.current.name !== "drawing" || !draft || draft.points.length < MIN_VERTICES) return false;
    const issue = ringIssue(draft.points);
    if (issue) {
      this.store.setNotice(issue);
      return true;
    }
    const label = this.store.getSnapshot().activeLabel;
    this.store.setDraft(null);
    this.store.setNotice(null);
    this.transition({ name: "idle" });
    if (label === null) return true;
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
    this.store.setNotice(null);
    this.store.setDraft({ ...draft, points: draft.points.slice(0, -1), blocked: false });
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

  protected cursorOf(next: PolygonToolState): Cursor {
    return vertexToolCursor(next.name);
  }

  private startDrawing(): void {
    this.store.setDraft({ points: [], cursor: null });
    this.transition({ name: "drawing" });
  }

  /** What a click at `at` does while drawing: close, nothing (a double click), or a new vertex, refused with an issue. */
  private draftStep(draft: PolygonDraft, at: Point): DraftStep {
    const tolerance = HANDLE_TOLERANCE_PX / this.scale;
    const first = draft.points[0];
    const last = draft.points[draft.points.length - 1];
    const near = (v: Vertex | undefined) =>
      v !== undefined && distance({ x: v[0], y: v[1] }, at) <= tolerance;
    // On the first vertex, or again on the last one (the second click of a double click): close.
    if (draft.points.length >= MIN_VERTICES && (near(first) || near(last)))
      return { action: "close", issue: ringIssue(draft.points) };
    if (near(last) || draft.points.length >= MAX_POLYGON_VERTICES) return { action: "ignore" };
    const v = roundVertex([at.x, at.y]);
    return { action: "place", at: v, issue: nextVertexIssue(draft.points, v) };
  }

  /** A click while drawing: a new vertex, unless its edge would cross the outline drawn so far. */
  private placeVertex(p: Point): void {
    const draft = this.store.getSnapshot().draft;
    if (!draft) return;
    const at = clampPoint(p, this.image);
    const step = this.draftStep(draft, at);
    if (step.action === "close") this.close();
    else if (step.action === "place" && step.issue) {
      this.store.setNotice(step.issue);
      this.store.setDraft({ ...draft, cursor: at, blocked: true });
    } else if (step.action === "place") {
      this.store.setNotice(null);
      this.store.setDraft({ points: [...draft.points, step.at], cursor: at, blocked: false });
    }
  }

  /** Writes a changed outline into the document if it is still a simple ring; else it snaps back. */
  private commitChecked(): void {
    const preview = this.store.getSnapshot().preview;
    const issue = preview ? ringIssue(preview.points) : null;
    this.store.setNotice(issue);
    if (issue) this.store.cancelPreview();
    else this.store.commitPreview();
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
      this.transition({ name: "pointing_shape", drag: { id: poly.id, origin: p, group: [poly] } });
      return true;
    }
    return false;
  }

  /** Takes a vertex out, never below three, and not when the ring would cross itself. */
  private removeVertex(poly: PolygonDoc, index: number): void {
    if (poly.points.length <= MIN_VERTICES) return;
    const points = poly.points.filter((_, i) => i !== index);
    const issue = ringIssue(points);
    this.store.setNotice(issue);
    if (issue) return;
    this.store.setActiveVertex(null);
    this.store.replaceShape({ ...poly, points });
  }

  /** The primary selection, if the only one selected and editable. */
  private editableSelected(): PolygonDoc | undefined {
    const { selectedId, selectedIds } = this.store.getSnapshot();
    if (selectedId === null || selectedIds.size !== 1 || this.store.isLocked(selectedId)) return undefined;
    return this.store.shape(selectedId);
  }

  protected override moveVertex(start: PolygonDoc, index: number, origin: Point, p: Point): void {
    const v = start.points[index];
    if (!v) return;
    const moved = clampVertex([v[0] + p.x - origin.x, v[1] + p.y - origin.y], this.image);
    this.store.preview({ ...start, points: start.points.map((q, i) => (i === index ? moved : q)) });
    // Shown while dragging; on release such an outline snaps back.
    const preview = this.store.getSnapshot().preview;
    this.store.setNotice(preview ? ringIssue(preview.points) : null);
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
