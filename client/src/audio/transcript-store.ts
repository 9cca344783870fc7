// The transcript of one item and its undo history, in a plain store outside React. Edits are text
// diffs; the edits of one burst of typing (or deleting) become one undo step, and a pause, a jump
// of the caret or a change of kind (typing after deleting, a paste over a selection) starts the next.
import { MAX_TRANSCRIPT_CHARS, type TranscriptionAnswer } from "../../../protocol/index.ts";
import type { ItemEditor } from "../exam/task-kind.ts";
import { applyTextDiff, diffText, invertTextDiff, type TextDiff } from "./text-diff.ts";

export interface TranscriptSnapshot {
  /** The document: what is saved. */
  text: string;
  canUndo: boolean;
  canRedo: boolean;
  /** An IME composition is in progress: the text holds uncommitted input. */
  composing: boolean;
}

export interface TranscriptStoreOptions {
  text?: string;
  /** Milliseconds; injected so that tests move time instead of sleeping. */
  now?: () => number;
  /** A pause in typing longer than this closes the undo step. */
  pauseMs?: number;
  /** Undo steps kept. */
  limit?: number;
}

/** The caret (or selection) after an edit, undo or redo: where the changed text now ends. */
export interface Caret {
  start: number;
  end: number;
}

type EditKind = "insert" | "delete" | "replace";

const kindOf = (d: TextDiff): EditKind =>
  d.removed === "" ? "insert" : d.inserted === "" ? "delete" : "replace";

/** The step being typed: the text before it, and where and when its last edit ended. */
interface OpenStep {
  before: string;
  kind: EditKind;
  /** Caret after the last edit: the next contiguous insert starts here, a backspace ends here. */
  caret: number;
  lastAt: number;
}

export class TranscriptStore implements ItemEditor<TranscriptionAnswer> {
  private state: TranscriptSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly docListeners = new Set<(doc: TranscriptionAnswer) => void>();
  private undos: TextDiff[] = [];
  private redos: TextDiff[] = [];
  private open: OpenStep | null = null;
  private readonly now: () => number;
  private readonly pauseMs: number;
  private readonly limit: number;

  constructor(options: TranscriptStoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.pauseMs = options.pauseMs ?? 1_000;
    this.limit = options.limit ?? 500;
    const text = (options.text ?? "").slice(0, MAX_TRANSCRIPT_CHARS);
    this.state = { text, canUndo: false, canRedo: false, composing: false };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onDocumentChange(listener: (doc: TranscriptionAnswer) => void): () => void {
    this.docListeners.add(listener);
    return () => this.docListeners.delete(listener);
  }

  getSnapshot = (): TranscriptSnapshot => this.state;

  toAnswer(): TranscriptionAnswer {
    return { text: this.state.text };
  }

  get text(): string {
    return this.state.text;
  }

  /**
   * The textarea's new value after the user typed, deleted or pasted. Longer texts are cut at the
   * protocol's limit. Returns the diff applied, or null if nothing changed.
   */
  edit(next: string): TextDiff | null {
    const text = next.length > MAX_TRANSCRIPT_CHARS ? next.slice(0, MAX_TRANSCRIPT_CHARS) : next;
    const d = diffText(this.state.text, text);
    if (!d) return null;
    const at = this.now();
    const kind = kindOf(d);
    if (!this.continues(d, kind, at)) {
      this.closeStep();
      this.open = { before: this.state.text, kind, caret: 0, lastAt: at };
    }
    const open = this.open as OpenStep;
    open.caret = d.at + d.inserted.length;
    open.lastAt = at;
    this.redos = [];
    this.set({ text }, !this.state.composing);
    return d;
  }

  /** Closes the step being typed, so that the next edit starts a new one (the caret moved away). */
  mark(): void {
    this.closeStep();
  }

  /** Between compositionstart and compositionend, edits are one step and are not saved. */
  setComposing(composing: boolean): void {
    if (composing === this.state.composing) return;
    if (composing) this.closeStep();
    this.set({ composing }, !composing && this.open !== null);
  }

  undo(): Caret | null {
    if (this.state.composing) return null;
    this.closeStep();
    const d = this.undos.pop();
    if (!d) return null;
    this.redos.push(d);
    return this.applyStep(invertTextDiff(d));
  }

  redo(): Caret | null {
    if (this.state.composing) return null;
    this.closeStep();
    const d = this.redos.pop();
    if (!d) return null;
    this.undos.push(d);
    return this.applyStep(d);
  }

  /** Whether an edit made `at` belongs to the open step: soon after, same kind, where typing left off. */
  private continues(d: TextDiff, kind: EditKind, at: number): boolean {
    const open = this.open;
    if (!open) return false;
    if (this.state.composing) return true; // an IME rewrites its own input: one step
    if (at - open.lastAt > this.pauseMs || kind !== open.kind) return false;
    if (kind === "insert") return d.at === open.caret;
    if (kind === "delete") return d.at + d.removed.length === open.caret || d.at === open.caret; // ⌫ or Del
    return false;
  }

  private closeStep(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const d = diffText(open.before, this.state.text);
    if (d) {
      this.undos.push(d);
      if (this.undos.length > this.limit) this.undos.shift();
    }
    this.set({}, false);
  }

  private applyStep(d: TextDiff): Caret {
    this.set({ text: applyTextDiff(this.state.text, d) }, true);
    const end = d.at + d.inserted.length;
    return { start: end, end };
  }

  private set(patch: Partial<TranscriptSnapshot>, documentChanged: boolean): void {
    const next = { ...this.state, ...patch };
    next.canUndo = this.undos.length > 0 || this.open !== null;
    next.canRedo = this.redos.length > 0;
    this.state = next;
    for (const l of this.listeners) l();
    if (documentChanged) {
      const doc = this.toAnswer();
      for (const l of this.docListeners) l(doc);
    }
  }
}
