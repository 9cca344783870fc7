// The table of one cleaning item in a plain store outside React: the document (cells and row marks)
// with diff-based undo, and the grid's UI state (active cell, the cell being edited, the filter).
// The keys of the grid are a small state machine here, so tests drive it without a browser.
import type { RowMark, TableAnswer, TableData } from "../../../protocol/index.ts";
import type { KeyInput } from "../canvas/keyboard.ts";
import {
  duplicateHints,
  type FillStrategy,
  fillChanges,
  invertStep,
  isMissing,
  type TableChange,
} from "./table-ops.ts";

export interface Cell {
  row: number;
  col: number;
}

export interface TableSnapshot {
  /** The document. */
  rows: readonly (readonly string[])[];
  marks: readonly (RowMark | null)[];
  /** UI state. */
  active: Cell;
  /** The cell being edited and its text so far; null when not editing. */
  editing: (Cell & { draft: string }) | null;
  /** Show only rows with a missing cell, a duplicate hint or a mark. */
  problemsOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
}

const HISTORY_LIMIT = 200;

export class TableStore {
  readonly header: readonly string[];
  /** The table as given, for the counts of what changed. */
  readonly given: readonly (readonly string[])[];
  private state: TableSnapshot;
  private undos: TableChange[][] = [];
  private redos: TableChange[][] = [];
  private readonly listeners = new Set<() => void>();
  private readonly docListeners = new Set<(doc: TableAnswer) => void>();
  private enabled = true;

  /** Starts from `saved` when it fits the given table (same rows and columns), else from the table. */
  constructor(table: TableData, saved: TableAnswer | null) {
    this.header = table.header;
    this.given = table.rows;
    const fits =
      saved !== null &&
      saved.rows.length === table.rows.length &&
      saved.rows.every((r) => r.length === table.header.length);
    this.state = {
      rows: fits ? saved.rows : table.rows,
      marks: fits ? saved.marks : table.rows.map(() => null),
      active: { row: 0, col: 0 },
      editing: null,
      problemsOnly: false,
      canUndo: false,
      canRedo: false,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TableSnapshot => this.state;

  onDocumentChange(listener: (doc: TableAnswer) => void): () => void {
    this.docListeners.add(listener);
    return () => this.docListeners.delete(listener);
  }

  toAnswer(): TableAnswer {
    return { rows: this.state.rows.map((r) => [...r]), marks: [...this.state.marks] };
  }

  /** A locked table (the attempt is closed) keeps its view but takes no edit. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled && this.state.editing) this.patch({ editing: null });
  }

  // --- the document ---

  setCell(row: number, col: number, value: string): boolean {
    const before = this.state.rows[row]?.[col];
    if (before === undefined || before === value) return false;
    return this.record([{ kind: "cell", row, col, before, after: value }]);
  }

  /** Marks a row (or unmarks it when it already has that mark). */
  toggleMark(row: number, mark: RowMark): boolean {
    const before = this.state.marks[row];
    if (before === undefined) return false;
    return this.record([{ kind: "mark", row, before, after: before === mark ? null : mark }]);
  }

  /** Fills the missing cells of a column, as one undo step; returns how many were filled. */
  fillMissing(col: number, strategy: FillStrategy): number {
    const changes = fillChanges(this.state.rows, this.state.marks, col, strategy);
    return this.record(changes) ? changes.length : 0;
  }

  undo(): boolean {
    const step = this.enabled && !this.state.editing ? this.undos.pop() : undefined;
    if (!step) return false;
    this.redos.push(step);
    this.apply(invertStep(step));
    return true;
  }

  redo(): boolean {
    const step = this.enabled && !this.state.editing ? this.redos.pop() : undefined;
    if (!step) return false;
    this.undos.push(step);
    this.apply(step);
    return true;
  }

  // --- derived ---

  /** Rows shown in the grid: all, or only those with a problem, as indices into the table. */
  visibleRows(): number[] {
    const { rows, marks, problemsOnly } = this.state;
    const all = rows.map((_, i) => i);
    if (!problemsOnly) return all;
    const hints = duplicateHints(rows);
    return all.filter((i) => marks[i] || hints.has(i) || rows[i]?.some((c) => isMissing(c)));
  }

  // --- UI state ---

  setActive(row: number, col: number): void {
    const r = Math.max(0, Math.min(row, this.state.rows.length - 1));
    const c = Math.max(0, Math.min(col, this.header.length - 1));
    if (this.state.editing) this.commitEdit();
    if (r !== this.state.active.row || c !== this.state.active.col)
      this.patch({ active: { row: r, col: c } });
  }

  setProblemsOnly(on: boolean): void {
    if (on !== this.state.problemsOnly) this.patch({ problemsOnly: on });
  }

  /** Starts editing a cell (the active one by default), with its text or `initial`. */
  startEdit(cell: Cell = this.state.active, initial?: string): boolean {
    if (!this.enabled) return false;
    const text = this.state.rows[cell.row]?.[cell.col];
    if (text === undefined) return false;
    this.patch({ active: { row: cell.row, col: cell.col }, editing: { ...cell, draft: initial ?? text } });
    return true;
  }

  setDraft(draft: string): void {
    const e = this.state.editing;
    if (e && e.draft !== draft) this.patch({ editing: { ...e, draft } });
  }

  /** Writes the draft into the document (one undo step when it changed). */
  commitEdit(): void {
    const e = this.state.editing;
    if (!e) return;
    this.patch({ editing: null });
    this.setCell(e.row, e.col, e.draft);
  }

  cancelEdit(): void {
    if (this.state.editing) this.patch({ editing: null });
  }

  /**
   * The grid's keys. Not editing: arrows and Tab move, Enter or F2 edits, typing a character edits
   * the cell from that character, Delete clears the cell, D / I mark the row duplicate / invalid,
   * Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo. Editing:
   * Enter commits and moves down, Tab commits and moves right, Esc cancels. True when used.
   */
  keyDown(e: KeyInput): boolean {
    const { active, editing } = this.state;
    const mod = Boolean(e.ctrlKey || e.metaKey);
    if (editing) {
      if (e.key === "Escape") {
        this.cancelEdit();
        return true;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        this.commitEdit();
        this.move(e.key === "Enter" ? (e.shiftKey ? -1 : 1) : 0, e.key === "Tab" ? (e.shiftKey ? -1 : 1) : 0);
        return true;
      }
      return false; // typing goes to the cell's input
    }
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (mod && !e.altKey) {
      if (key === "z") return e.shiftKey ? this.redo() : this.undo();
      if (key === "y") return this.redo();
      return false;
    }
    if (e.altKey) return false;
    switch (key) {
      case "ArrowUp":
        return this.move(-1, 0);
      case "ArrowDown":
        return this.move(1, 0);
      case "ArrowLeft":
        return this.move(0, -1);
      case "ArrowRight":
        return this.move(0, 1);
      case "Tab": {
        // At the first / last column Tab leaves the grid instead of being swallowed.
        const col = active.col + (e.shiftKey ? -1 : 1);
        return col >= 0 && col < this.header.length && this.move(0, e.shiftKey ? -1 : 1);
      }
      case "Enter":
      case "F2":
        return this.startEdit();
      case "Delete":
      case "Backspace":
        return this.enabled && this.setCell(active.row, active.col, "");
      case "d":
        return this.enabled && this.toggleMark(active.row, "duplicate");
      case "i":
        return this.enabled && this.toggleMark(active.row, "invalid");
      default:
        // Any other character starts editing the active cell with it, as in a spreadsheet.
        return [...e.key].length === 1 && this.startEdit(active, e.key);
    }
  }

  // --- internals ---

  /** Moves the active cell among the visible rows. */
  private move(dRow: number, dCol: number): boolean {
    const { active } = this.state;
    let row = active.row;
    if (dRow !== 0) {
      const visible = this.visibleRows();
      const at = visible.indexOf(active.row);
      const next = at < 0 ? visible[0] : visible[Math.max(0, Math.min(visible.length - 1, at + dRow))];
      if (next === undefined) return false;
      row = next;
    }
    const col = Math.max(0, Math.min(this.header.length - 1, active.col + dCol));
    if (row === active.row && col === active.col) return dRow !== 0 || dCol !== 0;
    this.patch({ active: { row, col } });
    return true;
  }

  private record(step: TableChange[]): boolean {
    if (!this.enabled || step.length === 0) return false;
    this.undos.push(step);
    if (this.undos.length > HISTORY_LIMIT) this.undos.shift();
    this.redos = [];
    this.apply(step);
    return true;
  }

  private apply(step: readonly TableChange[]): void {
    const rows = this.state.rows.map((r) => r);
    const marks = [...this.state.marks];
    for (const c of step) {
      if (c.kind === "cell") {
        const row = [...(rows[c.row] ?? [])];
        row[c.col] = c.after;
        rows[c.row] = row;
      } else marks[c.row] = c.after;
    }
    const first = step[0];
    const active = first
      ? { row: first.row, col: first.kind === "cell" ? first.col : this.state.active.col }
      : this.state.active;
    this.patch({ rows, marks, active });
    const doc = this.toAnswer();
    for (const l of this.docListeners) l(doc);
  }

  private patch(p: Partial<TableSnapshot>): void {
    this.state = { ...this.state, ...p, canUndo: this.undos.length > 0, canRedo: this.redos.length > 0 };
    for (const l of this.listeners) l();
  }
}
