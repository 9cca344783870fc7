// The spans of one text item and the span tool's UI state, in a plain store outside React: the
// document changes only through add, relabel and delete, each one undo step (diffs by span id).
import type { SpansAnswer, TextSpan } from "../../../protocol/index.ts";
import { applyDiff, diffShapes, History, type ShapesDiff } from "../canvas/history.ts";
import { type CodePointRange, codePointLength } from "./offsets.ts";
import { checkSpan, type SpanRefusal } from "./spans.ts";

/** Something the contestant tried that was refused, shown until the next change. */
export type SpanNotice = SpanRefusal | { reason: "no-label" };

export interface SpanSnapshot {
  /** The document: what is saved. Everything else here is UI state. */
  spans: readonly TextSpan[];
  selectedId: string | null;
  activeLabel: string | null;
  notice: SpanNotice | null;
  /** A selection made with the keyboard, in code-point boundaries (focus is where the caret is). */
  keySelection: { anchor: number; focus: number } | null;
  canUndo: boolean;
  canRedo: boolean;
}

export interface SpanStoreOptions {
  text: string;
  spans?: readonly TextSpan[];
  allowOverlap?: boolean;
  activeLabel?: string | null;
  newId?: () => string;
}

let fallbackCounter = 0;
function defaultSpanId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  fallbackCounter += 1;
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${fallbackCounter}`;
}

export type AddResult = { ok: true; span: TextSpan } | { ok: false; notice: SpanNotice };

export class SpanStore {
  readonly text: string;
  /** The text's length in code points. */
  readonly length: number;
  readonly allowOverlap: boolean;
  private state: SpanSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly docListeners = new Set<(doc: SpansAnswer) => void>();
  private readonly history = new History<TextSpan>();
  private readonly newId: () => string;

  constructor(options: SpanStoreOptions) {
    this.text = options.text;
    this.length = codePointLength(options.text);
    this.allowOverlap = options.allowOverlap ?? false;
    this.newId = options.newId ?? defaultSpanId;
    this.state = {
      spans: options.spans ?? [],
      selectedId: null,
      activeLabel: options.activeLabel ?? null,
      notice: null,
      keySelection: null,
      canUndo: false,
      canRedo: false,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SpanSnapshot => this.state;

  /** Called after every change of the document (not of selection or notices). */
  onDocumentChange(listener: (doc: SpansAnswer) => void): () => void {
    this.docListeners.add(listener);
    return () => this.docListeners.delete(listener);
  }

  /** The document as saved: `{ spans: [{ id, start, end, label }] }`, code points. */
  toAnswer(): SpansAnswer {
    return { spans: this.state.spans.map(({ id, start, end, label }) => ({ id, start, end, label })) };
  }

  span(id: string | null): TextSpan | undefined {
    return id === null ? undefined : this.state.spans.find((s) => s.id === id);
  }

  // --- document ---

  /** Adds a span over `range` with `label` (the active label by default), unless the rules refuse it. */
  addSpan(range: CodePointRange, label: string | null = this.state.activeLabel): AddResult {
    if (label === null) return this.refuse({ reason: "no-label" });
    const refusal = checkSpan(this.state.spans, range, label, {
      allowOverlap: this.allowOverlap,
      length: this.length,
    });
    if (refusal) return this.refuse(refusal);
    const span: TextSpan = { id: this.newId(), start: range.start, end: range.end, label };
    this.setSpans([...this.state.spans, span]);
    return { ok: true, span };
  }

  relabelSpan(id: string, label: string): boolean {
    const current = this.span(id);
    if (!current || current.label === label) return false;
    const refusal = checkSpan(this.state.spans, current, label, {
      allowOverlap: true, // the range does not move: only a duplicate can arise
      length: this.length,
      ignoreId: id,
    });
    if (refusal) return this.refuse(refusal).ok;
    this.setSpans(this.state.spans.map((s) => (s.id === id ? { ...s, label } : s)));
    return true;
  }

  deleteSpan(id: string): boolean {
    if (!this.span(id)) return false;
    this.setSpans(this.state.spans.filter((s) => s.id !== id));
    return true;
  }

  // --- history ---

  undo(): boolean {
    return this.travel(this.history.undo());
  }

  redo(): boolean {
    return this.travel(this.history.redo());
  }

  private travel(d: ShapesDiff<TextSpan> | null): boolean {
    if (!d) return false;
    this.setSpans(applyDiff(this.state.spans, d), false);
    // What the step brought back or changed is selected, so the contestant sees it.
    const touched =
      d.added.length === 1 ? d.added[0]?.shape : d.updated.length === 1 ? d.updated[0]?.after : null;
    this.select(touched ? touched.id : null);
    return true;
  }

  // --- UI state ---

  select(id: string | null): void {
    if (id !== null && !this.span(id)) return;
    if (id !== this.state.selectedId) this.patch({ selectedId: id });
  }

  setActiveLabel(label: string | null): void {
    if (label !== this.state.activeLabel) this.patch({ activeLabel: label });
  }

  setKeySelection(sel: { anchor: number; focus: number } | null): void {
    const clamp = (n: number) => Math.max(0, Math.min(n, this.length));
    const next = sel && { anchor: clamp(sel.anchor), focus: clamp(sel.focus) };
    const cur = this.state.keySelection;
    if (next?.anchor !== cur?.anchor || next?.focus !== cur?.focus) this.patch({ keySelection: next });
  }

  dismissNotice(): void {
    if (this.state.notice) this.patch({ notice: null });
  }

  // --- internals ---

  private refuse(notice: SpanNotice): { ok: false; notice: SpanNotice } {
    this.patch({ notice });
    return { ok: false, notice };
  }

  private setSpans(spans: readonly TextSpan[], record = true): void {
    if (record) this.history.push(diffShapes(this.state.spans, spans));
    const selectedId =
      this.state.selectedId !== null && spans.some((s) => s.id === this.state.selectedId)
        ? this.state.selectedId
        : null;
    this.patch({ spans, selectedId, notice: null });
    const doc = this.toAnswer();
    for (const l of this.docListeners) l(doc);
  }

  private patch(p: Partial<SpanSnapshot>): void {
    this.state = { ...this.state, ...p, canUndo: this.history.canUndo, canRedo: this.history.canRedo };
    for (const l of this.listeners) l();
  }
}
