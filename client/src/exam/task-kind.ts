// The contract between the exam page and the labelling tool of one task kind. Each kind brings an
// editor (a plain store outside React that holds the item's document and its undo history) and a
// workspace component that renders it. The controller owns the editors and sends every document
// change through autosave; the kind never talks to the server itself.
import type { ComponentType } from "react";
import type { ItemView, TaskAnswers, TaskKind, TaskView } from "../../../protocol/index.ts";

export interface ItemEditor<Doc> {
  /** Any change (document or UI state), for useSyncExternalStore. */
  subscribe(listener: () => void): () => void;
  /** Called after every change of the document, with the document as it is to be saved. */
  onDocumentChange(listener: (doc: Doc) => void): () => void;
  /** The document as saved. */
  toAnswer(): Doc;
}

export interface EditorContext {
  /**
   * UI state kept across the items of one task while the page is open (the active label, the
   * brightness), keyed by the kind's own names. Owned by the controller, one map per task.
   */
  taskState: Map<string, unknown>;
}

export interface WorkspaceProps<E> {
  task: TaskView;
  item: ItemView;
  editor: E;
  /** The attempt is closed or time is up: show, never change. */
  locked: boolean;
}

export interface TaskKindClient<K extends TaskKind, E extends ItemEditor<TaskAnswers[K]>> {
  kind: K;
  /** An editor for an item, starting from its saved document (null: nothing saved yet). */
  createEditor(task: TaskView, item: ItemView, saved: TaskAnswers[K] | null, ctx: EditorContext): E;
  Workspace: ComponentType<WorkspaceProps<E>>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds editors of every kind
export type AnyTaskKindClient = TaskKindClient<TaskKind, ItemEditor<any>>;
