// The annotation document of one item and its editor's UI state, in a plain store outside React
// (read with useSyncExternalStore; tools and tests drive it without a browser).
import type { Box, BoxesAnswer } from "../../../protocol/index.ts";
import { type Rect, roundRect } from "./geometry.ts";
import { applyDiff, type BoxesDiff, diffBoxes, History } from "./history.ts";

export type Cursor = "crosshair" | "move" | "default";

export interface CanvasSnapshot {
  /** The document: what is saved. Everything else here is UI state. */
  boxes: readonly Box[];
  selectedId: string | null;
  /** The box being drawn, not yet part of the document. */
  draft: Rect | null;
  /**
   * The selected box where a move or resize has taken it, not yet part of the document: it follows
   * the pointer on its own, and the document changes once, on release.
   */
  preview: Box | null;
  activeLabel: string | null;
  cursor: Cursor;
  canUndo: boolean;
  canRedo: boolean;
}

export interface CanvasStoreOptions {
  boxes?: readonly Box[];
  activeLabel?: string | null;
  newId?: () => string;
}

const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

let fallbackCounter = 0;

/** A unique box id. crypto.randomUUID exists only in secure contexts (https, localhost). */
export function defaultNewId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  fallbackCounter += 1;
  return `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${fallbackCounter}`;
}

export class CanvasStore {
  private state: CanvasSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly docListeners = new Set<(doc: BoxesAnswer) => void>();
  private readonly history = new History();
  private readonly newId: () => string;
  /** The document when the current interaction began; changes until commit() become one undo step. */
  private markBoxes: readonly Box[] | null = null;

  constructor(options: CanvasStoreOptions = {}) {
    this.newId = options.newId ?? defaultNewId;
    this.state = {
      boxes: options.boxes ?? [],
      selectedId: null,
      draft: null,
      preview: null,
      activeLabel: options.activeLabel ?? null,
      cursor: "crosshair",
      canUndo: false,
      canRedo: false,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CanvasSnapshot => this.state;

  /** Called after every change of the document (not of selection, draft or cursor). */
  onDocumentChange(listener: (doc: BoxesAnswer) => void): () => void {
    this.docListeners.add(listener);
    return () => this.docListeners.delete(listener);
  }

  /** The document as saved: `{ boxes: [{ id, label, x, y, w, h }] }`. */
  toAnswer(): BoxesAnswer {
    return { boxes: this.state.boxes.map(({ id, label, x, y, w, h }) => ({ id, label, x, y, w, h })) };
  }

  box(id: string | null): Box | undefined {
    return id === null ? undefined : this.state.boxes.find((b) => b.id === id);
  }

  // --- document ---

  addBox(rect: Rect, label: string): Box {
    const box: Box = { id: this.newId(), label, ...roundRect(rect) };
    this.setBoxes([...this.state.boxes, box]);
    return box;
  }

  updateBox(id: string, patch: Partial<Rect> & { label?: string }): void {
    const current = this.box(id);
    if (!current) return;
    const next: Box = { ...current, ...patch, ...roundRect({ ...current, ...patch }) };
    this.setBoxes(this.state.boxes.map((b) => (b.id === id ? next : b)));
  }

  deleteBox(id: string): void {
    if (!this.box(id)) return;
    this.setBoxes(this.state.boxes.filter((b) => b.id !== id));
  }

  // --- history ---

  /** Starts an interaction (a drag, a resize): its changes become a single undo step. */
  mark(): void {
    if (this.markBoxes === null) this.markBoxes = this.state.boxes;
  }

  /** Ends the interaction, recording what it changed. */
  commit(): void {
    if (this.markBoxes === null) return;
    const before = this.markBoxes;
    this.markBoxes = null;
    this.history.push(diffBoxes(before, this.state.boxes));
    this.patch({});
  }

  /** Ends the interaction, restoring the document as it was when it began. */
  bail(): void {
    if (this.markBoxes === null) return;
    const before = this.markBoxes;
    this.markBoxes = null;
    if (before !== this.state.boxes) this.setBoxes(before, false);
  }

  undo(): boolean {
    return this.travel(this.markBoxes === null ? this.history.undo() : null);
  }

  redo(): boolean {
    return this.travel(this.markBoxes === null ? this.history.redo() : null);
  }

  private travel(d: BoxesDiff | null): boolean {
    if (!d) return false;
    this.setBoxes(applyDiff(this.state.boxes, d), false);
    // What the step brought back or changed is selected, so the contestant sees it.
    const touched =
      d.added.length === 1 ? d.added[0]?.box : d.updated.length === 1 ? d.updated[0]?.after : null;
    if (touched) this.select(touched.id);
    return true;
  }

  // --- UI state ---

  select(id: string | null): void {
    if (id !== null && !this.box(id)) return;
    if (id !== this.state.selectedId) this.patch({ selectedId: id });
  }

  setDraft(draft: Rect | null): void {
    this.patch({ draft });
  }

  /** Shows box `id` at `rect` until commitPreview() or cancelPreview(). */
  previewBox(id: string, rect: Rect): void {
    const current = this.box(id);
    if (current) this.patch({ preview: { ...current, ...roundRect(rect) } });
  }

  /** Writes the preview into the document, as one undo step. */
  commitPreview(): void {
    const p = this.state.preview;
    if (!p) return;
    const current = this.box(p.id);
    if (!current || sameRect(current, p)) {
      this.patch({ preview: null });
      return;
    }
    this.state = { ...this.state, preview: null }; // told to listeners with the document change below
    this.updateBox(p.id, p);
  }

  cancelPreview(): void {
    if (this.state.preview) this.patch({ preview: null });
  }

  setActiveLabel(label: string | null): void {
    if (label !== this.state.activeLabel) this.patch({ activeLabel: label });
  }

  setCursor(cursor: Cursor): void {
    if (cursor !== this.state.cursor) this.patch({ cursor });
  }

  // --- internals ---

  private setBoxes(boxes: readonly Box[], record = true): void {
    const before = this.state.boxes;
    if (record && this.markBoxes === null) this.history.push(diffBoxes(before, boxes));
    const selectedId =
      this.state.selectedId !== null && boxes.some((b) => b.id === this.state.selectedId)
        ? this.state.selectedId
        : null;
    const preview = this.state.preview && selectedId === this.state.preview.id ? this.state.preview : null;
    this.patch({ boxes, selectedId, preview });
    const doc = this.toAnswer();
    for (const l of this.docListeners) l(doc);
  }

  private patch(p: Partial<CanvasSnapshot>): void {
    this.state = { ...this.state, ...p, canUndo: this.history.canUndo, canRedo: this.history.canRedo };
    for (const l of this.listeners) l();
  }
}
