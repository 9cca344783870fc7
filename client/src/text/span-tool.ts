// The span tool: a small state machine that turns what the contestant does in the text (press,
// release with a selection, keys) into changes of a SpanStore. The workspace only reads the DOM
// selection as UTF-16 offsets and forwards events; everything else happens here, headless.

import type { KeyInput } from "../canvas/keyboard.ts";
import { selectionToSpanRange, snapRange } from "./offsets.ts";
import type { SpanStore } from "./span-store.ts";
import { spanToSelect } from "./spans.ts";

export type SpanToolState =
  | { name: "idle" }
  /** Pressed in the text (on character `at`, null between lines); a release decides. */
  | { name: "pressing"; at: number | null };

/** A selection of the text in UTF-16 offsets from its start, as the browser reports it. */
export interface UnitSelection {
  anchor: number;
  focus: number;
}

export type ReleaseOutcome = "created" | "refused" | "selected" | "deselected" | "ignored";

export class SpanTool {
  private current: SpanToolState = { name: "idle" };
  private enabled = true;

  constructor(
    private readonly store: SpanStore,
    /** The task's labels in palette order; keys 1..9 pick them. */
    private readonly labels: readonly { id: string }[],
  ) {}

  get state(): SpanToolState {
    return this.current;
  }

  /** A disabled tool (the attempt is closed) ignores every event. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.current = { name: "idle" };
  }

  pointerDown(at: number | null): void {
    if (!this.enabled) return;
    this.current = { name: "pressing", at };
  }

  /**
   * The press ends. A selection that covers characters becomes a span with the active label
   * (trimmed of white space); a plain click selects the span under it (again: the next one out)
   * and puts the keyboard caret there; a click elsewhere deselects.
   */
  pointerUp(selection: UnitSelection | null, at: number | null): ReleaseOutcome {
    if (!this.enabled || this.current.name !== "pressing") return "ignored";
    this.current = { name: "idle" };
    const { store } = this;
    if (selection && selection.anchor !== selection.focus) {
      const range = selectionToSpanRange(store.text, selection.anchor, selection.focus);
      if (!range) return "ignored"; // only white space
      store.setKeySelection(null);
      const result = store.addSpan(range);
      return result.ok ? "created" : "refused";
    }
    if (at === null) {
      store.select(null);
      return "deselected";
    }
    store.setKeySelection({ anchor: at, focus: at });
    const span = spanToSelect(store.getSnapshot().spans, at, store.getSnapshot().selectedId);
    store.select(span?.id ?? null);
    return span ? "selected" : "deselected";
  }

  /** The press was lost (the pointer left the window, a drag of something else began). */
  cancel(): void {
    this.current = { name: "idle" };
  }

  keyDown(e: KeyInput): boolean {
    if (!this.enabled) return false;
    const { store } = this;
    const snap = store.getSnapshot();
    const mod = Boolean(e.ctrlKey || e.metaKey);
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (mod && key === "z") return e.shiftKey ? store.redo() : store.undo();
    if (mod && key === "y") return store.redo();
    if (mod || e.altKey) return false;
    if (key === "Escape") {
      if (snap.notice) store.dismissNotice();
      else if (snap.keySelection && snap.keySelection.anchor !== snap.keySelection.focus)
        store.setKeySelection({ anchor: snap.keySelection.focus, focus: snap.keySelection.focus });
      else if (snap.selectedId !== null) store.select(null);
      else if (snap.keySelection) store.setKeySelection(null);
      else return false;
      return true;
    }
    if (key === "Delete" || key === "Backspace") return this.deleteSelected();
    if (/^[1-9]$/.test(key)) {
      const label = this.labels[Number(key) - 1];
      if (!label) return false;
      if (snap.selectedId !== null) return this.relabelSelected(label.id);
      store.setActiveLabel(label.id);
      return true;
    }
    if (key === "ArrowLeft" || key === "ArrowRight") return this.moveCaret(key === "ArrowLeft" ? -1 : 1, e);
    if (key === "Home" || key === "End") return this.moveCaret(key === "Home" ? -Infinity : Infinity, e);
    if (key === "Enter") return this.commitKeySelection();
    return false;
  }

  deleteSelected(): boolean {
    if (!this.enabled) return false;
    const { selectedId } = this.store.getSnapshot();
    return selectedId !== null && this.store.deleteSpan(selectedId);
  }

  relabelSelected(label: string): boolean {
    if (!this.enabled) return false;
    const { selectedId } = this.store.getSnapshot();
    return selectedId !== null && this.store.relabelSpan(selectedId, label);
  }

  // --- keyboard selection ---

  /** Arrows move the caret; with Shift they extend the selection from where it was anchored. */
  private moveCaret(by: number, e: KeyInput): boolean {
    const sel = this.store.getSnapshot().keySelection;
    if (!sel) return false;
    const focus = Math.max(0, Math.min(sel.focus + by, this.store.length));
    this.store.setKeySelection({ anchor: e.shiftKey ? sel.anchor : focus, focus });
    return true;
  }

  /** Enter makes a span of the keyboard selection. */
  private commitKeySelection(): boolean {
    const sel = this.store.getSnapshot().keySelection;
    if (!sel || sel.anchor === sel.focus) return false;
    const range = snapRange(this.store.text, {
      start: Math.min(sel.anchor, sel.focus),
      end: Math.max(sel.anchor, sel.focus),
    });
    if (!range) return false;
    const result = this.store.addSpan(range);
    if (result.ok) this.store.setKeySelection({ anchor: sel.focus, focus: sel.focus });
    return true;
  }
}
