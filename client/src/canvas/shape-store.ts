// The annotation document of one item (a list of shapes keyed by id: boxes, polygons, points or
// keypoint skeletons) and its editor's UI state, in a plain store outside React. Read it with
// useSyncExternalStore; tools and tests drive it without a browser. Undo/redo records document diffs
// only: selection, hidden and locked shapes, drafts and previews are UI state.
import { applyDiff, diffShapes, History, type ShapesDiff, sameValue } from "./history.ts";
import type { RingIssue } from "./vertex-geometry.ts";

export type Cursor = "crosshair" | "move" | "default" | "pointer" | "copy";

export interface BaseShape {
  id: string;
  label: string;
}

export interface ShapeSnapshot<S extends BaseShape, D> {
  /** The document: what is saved. Everything else here is UI state. */
  shapes: readonly S[];
  /** The primary selection: the shape whose handles show. Always in `selectedIds` when set. */
  selectedId: string | null;
  selectedIds: ReadonlySet<string>;
  /** The vertex (polygon) or keypoint of the primary selection that is picked, if any. */
  activeVertex: number | null;
  /** Shapes neither drawn nor hit. */
  hidden: ReadonlySet<string>;
  /** Shapes shown and selectable, but not editable. */
  locked: ReadonlySet<string>;
  /** What is being drawn, not yet part of the document. */
  draft: D | null;
  /**
   * The primary selection where a drag has taken it, not yet part of the document: it follows the
   * pointer on its own, and the document changes once, on release.
   */
  preview: S | null;
  /**
   * Every shape a drag is moving, by id (the primary's entry is `preview`): a multi-selection
   * moves together, and the document changes once, on release. Empty when nothing moves.
   */
  previews: ReadonlyMap<string, S>;
  /** Why the last edit was refused (a key the workspace shows and announces), until the next edit. */
  notice: RingIssue | null;
  activeLabel: string | null;
  cursor: Cursor;
  canUndo: boolean;
  canRedo: boolean;
}

export interface ShapeStoreOptions<S extends BaseShape> {
  shapes?: readonly S[];
  activeLabel?: string | null;
  newId?: () => string;
  /** The shape as stored: rounded coordinates, no extra fields. */
  normalize?: (shape: S) => S;
  same?: (a: S, b: S) => boolean;
}

let fallbackCounter = 0;

/** A unique shape id. crypto.randomUUID exists only in secure contexts (https, localhost). */
export function defaultNewId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  fallbackCounter += 1;
  return `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${fallbackCounter}`;
}

const NO_IDS: ReadonlySet<string> = new Set();
// biome-ignore lint/suspicious/noExplicitAny: one empty map for every shape type
const NO_PREVIEWS: ReadonlyMap<string, any> = new Map();

export abstract class ShapeStore<
  S extends BaseShape,
  D,
  Doc,
  Snap extends ShapeSnapshot<S, D> = ShapeSnapshot<S, D>,
> {
  protected state: Snap;
  private readonly listeners = new Set<() => void>();
  private readonly docListeners = new Set<(doc: Doc) => void>();
  private readonly history = new History<S>();
  protected readonly newId: () => string;
  protected readonly normalize: (shape: S) => S;
  private readonly same: (a: S, b: S) => boolean;
  /** The document when the current interaction began; changes until commit() become one undo step. */
  private markShapes: readonly S[] | null = null;

  constructor(options: ShapeStoreOptions<S>) {
    this.newId = options.newId ?? defaultNewId;
    this.normalize = options.normalize ?? ((s) => s);
    this.same = options.same ?? sameValue;
    const shapes = options.shapes ?? [];
    this.state = this.withShapes(
      {
        shapes,
        selectedId: null,
        selectedIds: NO_IDS,
        activeVertex: null,
        hidden: NO_IDS,
        locked: NO_IDS,
        draft: null,
        preview: null,
        previews: NO_PREVIEWS,
        notice: null,
        activeLabel: options.activeLabel ?? null,
        cursor: "crosshair",
        canUndo: false,
        canRedo: false,
      },
      shapes,
    );
  }

  /** The document as saved. */
  abstract toAnswer(): Doc;

  /** The snapshot fields that follow the shapes (a kind may name them as its document does). */
  protected withShapes(snap: ShapeSnapshot<S, D>, shapes: readonly S[]): Snap {
    return { ...snap, shapes } as Snap;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snap => this.state;

  /** Called after every change of the document (not of selection, draft or cursor). */
  onDocumentChange(listener: (doc: Doc) => void): () => void {
    this.docListeners.add(listener);
    return () => this.docListeners.delete(listener);
  }

  shape(id: string | null): S | undefined {
    return id === null ? undefined : this.state.shapes.find((s) => s.id === id);
  }

  isHidden(id: string): boolean {
    return this.state.hidden.has(id);
  }

  isLocked(id: string): boolean {
    return this.state.locked.has(id);
  }

  /** Shown and hit: the shapes tools work on, in drawing order. */
  visibleShapes(): S[] {
    const { shapes, hidden } = this.state;
    return hidden.size === 0 ? [...shapes] : shapes.filter((s) => !hidden.has(s.id));
  }

  /** The selected shapes, in document order. */
  selectedShapes(): S[] {
    const { shapes, selectedIds } = this.state;
    return selectedIds.size === 0 ? [] : shapes.filter((s) => selectedIds.has(s.id));
  }

  // --- document ---

  /** Adds shapes with fresh ids (whatever id they carry), as one undo step; returns them as stored. */
  addShapes(shapes: readonly Omit<S, "id">[]): S[] {
    const added = shapes.map((s) => this.normalize({ ...s, id: this.newId() } as S));
    if (added.length > 0) this.setShapes([...this.state.shapes, ...added]);
    return added;
  }

  addShape(shape: Omit<S, "id">): S {
    return this.addShapes([shape])[0] as S;
  }

  /** Replaces shapes by id, as one undo step. Unknown ids are ignored. */
  replaceShapes(next: readonly S[]): void {
    const byId = new Map(next.map((s) => [s.id, this.normalize(s)]));
    if (!this.state.shapes.some((s) => byId.has(s.id))) return;
    this.setShapes(this.state.shapes.map((s) => byId.get(s.id) ?? s));
  }

  replaceShape(next: S): void {
    this.replaceShapes([next]);
  }

  deleteShapes(ids: Iterable<string>): void {
    const gone = new Set(ids);
    const kept = this.state.shapes.filter((s) => !gone.has(s.id));
    if (kept.length !== this.state.shapes.length) this.setShapes(kept);
  }

  // --- history ---

  /** Starts an interaction (a drag, a resize): its changes become a single undo step. */
  mark(): void {
    if (this.markShapes === null) this.markShapes = this.state.shapes;
  }

  /** Ends the interaction, recording what it changed. */
  commit(): void {
    if (this.markShapes === null) return;
    const before = this.markShapes;
    this.markShapes = null;
    this.history.push(diffShapes(before, this.state.shapes, this.same));
    this.patch({});
  }

  /** Ends the interaction, restoring the document as it was when it began. */
  bail(): void {
    if (this.markShapes === null) return;
    const before = this.markShapes;
    this.markShapes = null;
    if (before !== this.state.shapes) this.setShapes(before, false);
  }

  undo(): boolean {
    return this.travel(this.markShapes === null ? this.history.undo() : null);
  }

  redo(): boolean {
    return this.travel(this.markShapes === null ? this.history.redo() : null);
  }

  private travel(d: ShapesDiff<S> | null): boolean {
    if (!d) return false;
    this.setShapes(applyDiff(this.state.shapes, d), false);
    // What the step brought back or changed is selected, so the contestant sees it.
    const touched =
      d.added.length === 1 ? d.added[0]?.shape : d.updated.length === 1 ? d.updated[0]?.after : null;
    if (touched) this.select(touched.id);
    return true;
  }

  // --- selection ---

  /** Selects one shape (or nothing); hidden shapes cannot be selected. */
  select(id: string | null, vertex: number | null = null): void {
    if (id !== null && (!this.shape(id) || this.isHidden(id))) return;
    const { selectedId, selectedIds, activeVertex } = this.state;
    if (id === selectedId && vertex === activeVertex && selectedIds.size === (id === null ? 0 : 1)) return;
    this.patch({
      selectedId: id,
      selectedIds: id === null ? NO_IDS : new Set([id]),
      activeVertex: vertex,
    } as Partial<Snap>);
  }

  /** Adds a shape to the selection or takes it out (Shift or Ctrl and click). */
  toggleSelected(id: string): void {
    if (!this.shape(id) || this.isHidden(id)) return;
    const ids = new Set(this.state.selectedIds);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    const kept = this.state.selectedId;
    const primary = ids.has(id) ? id : kept !== null && ids.has(kept) ? kept : ([...ids].pop() ?? null);
    this.setSelection(ids, primary);
  }

  /** Selects these shapes (the visible ones among them); the last one is the primary selection. */
  selectMany(ids: Iterable<string>): void {
    const known = new Set(this.state.shapes.map((s) => s.id));
    const next = new Set<string>();
    let last: string | null = null;
    for (const id of ids)
      if (known.has(id) && !this.isHidden(id)) {
        next.add(id);
        last = id;
      }
    this.setSelection(next, last);
  }

  selectAll(): void {
    this.selectMany(this.visibleShapes().map((s) => s.id));
  }

  setActiveVertex(vertex: number | null): void {
    if (vertex !== this.state.activeVertex) this.patch({ activeVertex: vertex } as Partial<Snap>);
  }

  // --- hidden and locked ---

  setHidden(ids: Iterable<string>, hidden: boolean): void {
    const next = toggled(this.state.hidden, ids, hidden);
    if (next === this.state.hidden) return;
    const selectedIds = new Set([...this.state.selectedIds].filter((id) => !next.has(id)));
    const selectedId =
      this.state.selectedId !== null && selectedIds.has(this.state.selectedId) ? this.state.selectedId : null;
    this.patch({
      hidden: next,
      selectedIds: selectedIds.size === this.state.selectedIds.size ? this.state.selectedIds : selectedIds,
      selectedId,
      activeVertex: selectedId === this.state.selectedId ? this.state.activeVertex : null,
      ...(selectedId === null ? { preview: null, previews: NO_PREVIEWS } : {}),
    } as Partial<Snap>);
  }

  setLocked(ids: Iterable<string>, locked: boolean): void {
    const next = toggled(this.state.locked, ids, locked);
    if (next !== this.state.locked) this.patch({ locked: next } as Partial<Snap>);
  }

  /** Shows every hidden shape again. */
  showAll(): void {
    if (this.state.hidden.size > 0) this.patch({ hidden: NO_IDS } as Partial<Snap>);
  }

  // --- drafts and previews ---

  setDraft(draft: D | null): void {
    if (draft !== this.state.draft) this.patch({ draft } as Partial<Snap>);
  }

  /** Shows `shape` (a changed copy of an existing one) until commitPreview() or cancelPreview(). */
  preview(shape: S): void {
    if (!this.shape(shape.id)) return;
    const p = this.normalize(shape);
    const previews: ReadonlyMap<string, S> = new Map([[p.id, p]]);
    this.patch({ preview: p, previews } as Partial<Snap>);
  }

  /**
   * Shows these shapes (changed copies of existing ones, e.g. a multi-selection moved together)
   * until commitPreview() or cancelPreview(); the primary selection's copy is also `preview`.
   */
  previewMany(shapes: readonly S[]): void {
    const previews = new Map<string, S>();
    for (const s of shapes) if (this.shape(s.id)) previews.set(s.id, this.normalize(s));
    const { selectedId } = this.state;
    const preview = selectedId === null ? null : (previews.get(selectedId) ?? null);
    this.patch({ preview, previews: previews.size === 0 ? NO_PREVIEWS : previews } as Partial<Snap>);
  }

  /** Writes the previewed shapes into the document, as one undo step and one document change. */
  commitPreview(): void {
    const changed = [...this.state.previews.values()].filter((p) => {
      const current = this.shape(p.id);
      return current !== undefined && !this.same(current, p);
    });
    if (changed.length === 0) {
      this.cancelPreview();
      return;
    }
    // Told to listeners with the document change below.
    this.state = { ...this.state, preview: null, previews: NO_PREVIEWS };
    this.replaceShapes(changed);
  }

  cancelPreview(): void {
    if (this.state.preview || this.state.previews.size > 0)
      this.patch({ preview: null, previews: NO_PREVIEWS } as Partial<Snap>);
  }

  /** Says why an edit was refused (a message key), or clears it. */
  setNotice(notice: RingIssue | null): void {
    if (notice !== this.state.notice) this.patch({ notice } as Partial<Snap>);
  }

  setActiveLabel(label: string | null): void {
    if (label !== this.state.activeLabel) this.patch({ activeLabel: label } as Partial<Snap>);
  }

  setCursor(cursor: Cursor): void {
    if (cursor !== this.state.cursor) this.patch({ cursor } as Partial<Snap>);
  }

  // --- internals ---

  private setSelection(ids: Set<string>, primary: string | null): void {
    const sameSet =
      ids.size === this.state.selectedIds.size && [...ids].every((id) => this.state.selectedIds.has(id));
    if (sameSet && primary === this.state.selectedId) return;
    this.patch({
      selectedIds: ids.size === 0 ? NO_IDS : ids,
      selectedId: primary,
      activeVertex: primary === this.state.selectedId ? this.state.activeVertex : null,
      ...(primary === this.state.selectedId ? {} : { preview: null, previews: NO_PREVIEWS }),
    } as Partial<Snap>);
  }

  protected setShapes(shapes: readonly S[], record = true): void {
    const before = this.state.shapes;
    if (record && this.markShapes === null) this.history.push(diffShapes(before, shapes, this.same));
    const present = new Set(shapes.map((s) => s.id));
    let { selectedIds, selectedId, activeVertex } = this.state;
    if ([...selectedIds].some((id) => !present.has(id)))
      selectedIds = new Set([...selectedIds].filter((id) => present.has(id)));
    if (selectedId !== null && !present.has(selectedId)) {
      selectedId = null;
      activeVertex = null;
    }
    const preview = this.state.preview && selectedId === this.state.preview.id ? this.state.preview : null;
    const previews = preview ? this.state.previews : NO_PREVIEWS;
    this.state = this.withShapes(this.state, shapes);
    this.patch({ selectedIds, selectedId, activeVertex, preview, previews } as Partial<Snap>);
    const doc = this.toAnswer();
    for (const l of this.docListeners) l(doc);
  }

  protected patch(p: Partial<Snap>): void {
    this.state = { ...this.state, ...p, canUndo: this.history.canUndo, canRedo: this.history.canRedo };
    for (const l of this.listeners) l();
  }
}

/** The shapes other than the primary selection, as shown: those a group drag moves, where they are. */
export function shownShapes<S extends BaseShape>(
  shapes: readonly S[],
  hidden: ReadonlySet<string>,
  previews: ReadonlyMap<string, S>,
  skipId: string | null,
): S[] {
  const moving = previews.size > 1;
  const out: S[] = [];
  for (const s of shapes)
    if (s.id !== skipId && !hidden.has(s.id)) out.push(moving ? (previews.get(s.id) ?? s) : s);
  return out;
}

function toggled(set: ReadonlySet<string>, ids: Iterable<string>, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next.size === set.size && [...next].every((id) => set.has(id)) ? set : next;
}
