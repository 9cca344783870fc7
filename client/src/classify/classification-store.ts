// The labels chosen for one image or text, in a plain store outside React, with diff-based undo. One label
// at most unless the task is multi-label: choosing another then replaces it (one undo step). The
// brightness and contrast of the image are UI state: kept here, never in the document or history.
import type { ClassificationAnswer } from "../../../protocol/index.ts";
import type { KeyInput } from "../canvas/keyboard.ts";
import { type Adjust, DEFAULT_ADJUST } from "../workspace/image-adjust-value.ts";

/** One label entering or leaving the list, at its index (after the change for added, before for removed). */
interface Placed {
  label: string;
  index: number;
}

/** What turns one list of chosen labels into another. */
export interface LabelsDiff {
  added: Placed[];
  removed: Placed[];
}

export function diffLabels(before: readonly string[], after: readonly string[]): LabelsDiff {
  const kept = new Set(after);
  const had = new Set(before);
  return {
    removed: before.flatMap((label, index) => (kept.has(label) ? [] : [{ label, index }])),
    added: after.flatMap((label, index) => (had.has(label) ? [] : [{ label, index }])),
  };
}

export const invertLabelsDiff = (d: LabelsDiff): LabelsDiff => ({ added: d.removed, removed: d.added });

export function applyLabelsDiff(labels: readonly string[], d: LabelsDiff): string[] {
  const removed = new Set(d.removed.map((r) => r.label));
  const out = labels.filter((l) => !removed.has(l));
  for (const { label, index } of [...d.added].sort((a, b) => a.index - b.index))
    if (!out.includes(label)) out.splice(Math.min(index, out.length), 0, label);
  return out;
}

const isEmpty = (d: LabelsDiff) => d.added.length === 0 && d.removed.length === 0;

export interface ClassificationSnapshot {
  /** The document: the chosen label ids, in the order they were chosen. */
  labels: readonly string[];
  canUndo: boolean;
  canRedo: boolean;
  /** Brightness and contrast of the shown image (UI state). */
  adjust: Adjust;
}

export interface ClassificationStoreOptions {
  /** The task's label ids: nothing else is ever chosen. */
  labelIds: readonly string[];
  multiLabel?: boolean;
  /** The saved document's labels. */
  labels?: readonly string[];
  adjust?: Adjust;
  /** Undo steps kept. */
  historyLimit?: number;
}

export class ClassificationStore {
  readonly multiLabel: boolean;
  private readonly labelIds: readonly string[];
  private state: ClassificationSnapshot;
  private undos: LabelsDiff[] = [];
  private redos: LabelsDiff[] = [];
  private readonly historyLimit: number;
  private readonly listeners = new Set<() => void>();
  private readonly docListeners = new Set<(doc: ClassificationAnswer) => void>();

  constructor(options: ClassificationStoreOptions) {
    this.multiLabel = options.multiLabel ?? false;
    this.labelIds = options.labelIds;
    this.historyLimit = options.historyLimit ?? 200;
    this.state = {
      labels: [...(options.labels ?? [])],
      canUndo: false,
      canRedo: false,
      adjust: options.adjust ?? DEFAULT_ADJUST,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): ClassificationSnapshot => this.state;

  onDocumentChange(listener: (doc: ClassificationAnswer) => void): () => void {
    this.docListeners.add(listener);
    return () => {
      this.docListeners.delete(listener);
    };
  }

  /** The document as saved: `{ labels: [labelId…] }`. */
  toAnswer(): ClassificationAnswer {
    return { labels: [...this.state.labels] };
  }

  isChosen(label: string): boolean {
    return this.state.labels.includes(label);
  }

  /** Chooses `label`, or un-chooses it when chosen; single-label tasks replace the previous choice. */
  toggle(label: string): boolean {
    if (!this.labelIds.includes(label)) return false;
    const { labels } = this.state;
    if (labels.includes(label)) return this.change(labels.filter((l) => l !== label));
    return this.change(this.multiLabel ? [...labels, label] : [label]);
  }

  /** The n-th label of the task (1-based, as the number keys count). */
  toggleNth(n: number): boolean {
    const label = this.labelIds[n - 1];
    return label !== undefined && this.toggle(label);
  }

  clear(): boolean {
    return this.change([]);
  }

  undo(): boolean {
    const d = this.undos.pop();
    if (!d) return false;
    this.redos.push(d);
    this.set(applyLabelsDiff(this.state.labels, invertLabelsDiff(d)));
    return true;
  }

  redo(): boolean {
    const d = this.redos.pop();
    if (!d) return false;
    this.undos.push(d);
    this.set(applyLabelsDiff(this.state.labels, d));
    return true;
  }

  setAdjust(adjust: Adjust): void {
    this.state = { ...this.state, adjust };
    this.emit();
  }

  private change(labels: string[]): boolean {
    const d = diffLabels(this.state.labels, labels);
    if (isEmpty(d)) return false;
    this.undos.push(d);
    if (this.undos.length > this.historyLimit) this.undos.shift();
    this.redos = [];
    this.set(labels);
    return true;
  }

  private set(labels: readonly string[]): void {
    this.state = {
      ...this.state,
      labels,
      canUndo: this.undos.length > 0,
      canRedo: this.redos.length > 0,
    };
    this.emit();
    const doc = this.toAnswer();
    for (const l of this.docListeners) l(doc);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

/**
 * The classification keys: 1–9 choose (or un-choose) the task's labels in palette order, Delete or
 * Backspace clears, Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo. True when the key did something.
 */
export function classificationKeyDown(store: ClassificationStore, e: KeyInput): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.ctrlKey || e.metaKey) {
    if (e.altKey) return false;
    if (key === "z") return e.shiftKey ? store.redo() : store.undo();
    if (key === "y") return store.redo();
    return false;
  }
  if (e.altKey) return false;
  if (key === "Delete" || key === "Backspace") return store.clear();
  if (/^[1-9]$/.test(key)) return store.toggleNth(Number(key));
  return false;
}
