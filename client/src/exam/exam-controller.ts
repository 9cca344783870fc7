// One open attempt outside React: the /exam socket, autosave and its local journal, the canvas
// store of each item, the theory answers, the deadline and whether the attempt is closed. Pages
// subscribe and render.
import {
  type AnswerTarget,
  type AttemptNotice,
  type AttemptState,
  type ErrorBody,
  type ExamView,
  type ItemView,
  isAnswerFilled,
  type ProctorMessage,
  type QuestionAnswer,
  type TaskAnswer,
  type TaskView,
} from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import { serverClock } from "../lib/server-clock.ts";
import { connectExam, type ExamSocket } from "../lib/socket.ts";
import { type DocumentProblem, resolveAnswers, sameTarget } from "./answers.ts";
import { Autosave, type EmitSave } from "./autosave.ts";
import { IncidentReporter } from "./incidents.ts";
import { type LocalCopy, NO_LOCAL_COPY } from "./journal.ts";
import type { ItemEditor } from "./task-kind.ts";
import { TASK_KIND_CLIENTS } from "./task-kinds.ts";

/** Who or what closed the attempt; CLOSED when the server said so without saying why. */
export type ClosedCause = "CONTESTANT" | "PROCTOR" | "DEADLINE" | "CLOSED";
/**
 * "denied": the handshake was refused for good (a wrong role, say). "ended": the server ended this
 * sign-in (signed out, or signed in elsewhere); unsaved answers wait in the journal for the next one.
 */
export type Connection = "connecting" | "online" | "offline" | "denied" | "ended";

export interface ExamSnapshot {
  /** The deadline in server milliseconds. */
  deadlineAt: number | null;
  closed: ClosedCause | null;
  connection: Connection;
  answers: Readonly<Record<string, QuestionAnswer>>;
  /** Items whose document counts as done (isAnswerFilled). */
  doneItems: Readonly<Record<string, boolean>>;
  /** Saved or local documents that could not be read (and were left out). */
  documentProblems: readonly DocumentProblem[];
  /** Messages from the proctor, oldest first, until the contestant acknowledges each. */
  messages: readonly ProctorMessage[];
  /** A proctor paused the attempt at this server time: the clock stands still, nothing is edited. */
  pausedAt: number | null;
  /** A proctor locked the attempt at this server time: the page is blocked, the clock runs. */
  lockedAt: number | null;
  /** The latest proctor control worth telling the contestant about, until dismissed. */
  notice: ExamNotice | null;
}

/** What the page tells the contestant after a proctor's control. */
export type ExamNotice =
  | { kind: "extended"; minutes: number; deadlineAt: number | null; at: number }
  | { kind: "resumed" | "unlocked"; at: number };

const msOrNull = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** Submitting stopped because some answers are not saved; `force` submits anyway. */
export class UnsavedAnswersError extends Error {
  override name = "UnsavedAnswersError";
  constructor(readonly unsaved: number) {
    super(`${unsaved} answers are not saved`);
  }
}

/** Pending changes are pushed out this long before the deadline. */
const FINAL_FLUSH_MS = 2_000;

const httpSave: EmitSave = (req, ack) => {
  api.saveAnswer(req).then(
    (data) => ack({ data }),
    (e: unknown) => {
      const error: ErrorBody =
        e instanceof ApiError && e.code !== "NETWORK"
          ? { code: e.code, message: e.message, details: e.details }
          : { code: "INTERNAL", message: e instanceof Error ? e.message : "Network error" };
      ack({ error });
    },
  );
};

export class ExamController {
  readonly autosave: Autosave;
  private readonly editors = new Map<string, ItemEditor<TaskAnswer>>();
  private readonly savedDocuments: Record<string, TaskAnswer>;
  /** UI state a task's tool keeps across its items (the active label, say), per task. */
  private readonly taskStates = new Map<string, Map<string, unknown>>();
  private readonly listeners = new Set<() => void>();
  private socket: ExamSocket | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private finalFlushDone = false;
  private pausedOffline = false;
  private state: ExamSnapshot;
  /** Tab, window and clipboard events for the proctors; only while answers may still change. */
  private readonly incidents = new IncidentReporter((kind, details) => {
    // Reported while paused or locked too: only a closed attempt or time up stops them.
    if (this.state.closed !== null || this.isTimeUp() || !this.socket?.connected) return;
    this.socket.emit("incident:report", { attemptId: this.attemptId, kind, details }, () => {});
  });

  /**
   * `local` is what the journal kept on this computer: documents newer than the server's saved
   * ones win and are sent again (unless the attempt is over; then they stay pending and shown).
   */
  constructor(
    readonly view: ExamView,
    private readonly connect: () => ExamSocket = connectExam,
    local: LocalCopy = NO_LOCAL_COPY,
  ) {
    const { attempt } = view;
    const { journal } = local;
    const resolved = resolveAnswers(view, local.records);
    for (const doc of resolved.discarded) {
      console.warn(`Discarding the local copy of ${doc.target.kind} ${doc.target.id}: it cannot be read.`);
      journal?.discard(doc.target);
    }
    // The server has caught up with these (another tab, or the ack came just before a reload).
    for (const doc of resolved.superseded) journal?.acked(doc.target, doc.revision);
    this.savedDocuments = resolved.items;
    const kindOf = new Map(
      view.paper.sections.flatMap((s) =>
        s.tasks.flatMap((t) => t.items.map((it) => [it.id, t.kind] as const)),
      ),
    );
    const doneItems: Record<string, boolean> = {};
    for (const [id, doc] of Object.entries(this.savedDocuments)) {
      const kind = kindOf.get(id);
      if (kind) doneItems[id] = isAnswerFilled(kind, doc);
    }
    const deadlineAt = attempt.deadlineAt ? Date.parse(attempt.deadlineAt) : null;
    const pausedAt = msOrNull(attempt.pausedAt);
    const lockedAt = msOrNull(attempt.lockedAt);
    this.state = {
      pausedAt,
      lockedAt,
      notice: null,
      deadlineAt,
      closed: attempt.status === "IN_PROGRESS" ? null : "CLOSED",
      connection: "connecting",
      answers: resolved.answers,
      doneItems,
      messages: [],
      documentProblems: [
        ...resolved.problems,
        ...local.corrupt.map(
          (c): DocumentProblem => ({ target: c.target, source: "local", reason: c.reason }),
        ),
      ],
    };
    this.autosave = new Autosave({
      attemptId: attempt.attemptId,
      emit: (req, ack) => this.socket?.emit("answer:save", req, ack),
      saved: view.answers,
      journal: journal ?? undefined,
      onClosed: (reason) => this.setClosed(reason === "DEADLINE_PASSED" ? "DEADLINE" : "CLOSED"),
    });
    if (this.state.closed) this.autosave.close("ATTEMPT_CLOSED");
    // Time was up when the page loaded (by the server's clock): local changes are not sent, unless
    // the deadline is extended.
    const serverNow = Date.parse(attempt.serverNow);
    if (deadlineAt !== null && serverNow >= deadlineAt) this.autosave.setHeld(true);
    // Paused or locked by a proctor: changes wait, whole, for the resume or the unlock.
    if (pausedAt !== null || lockedAt !== null) this.autosave.setHeld(true);
    for (const doc of resolved.replay) this.autosave.restore(doc.target, doc.revision, doc.data);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ExamSnapshot => this.state;

  get attemptId(): string {
    return this.view.attempt.attemptId;
  }

  /**
   * Whether answers may change: not closed, the server's clock before the deadline, and neither
   * paused nor locked by a proctor.
   */
  isLocked(now = serverClock.now()): boolean {
    return (
      this.state.closed !== null ||
      this.isTimeUp(now) ||
      this.state.pausedAt !== null ||
      this.state.lockedAt !== null
    );
  }

  /** Time up by the server's clock; a paused attempt's clock stands still at the pause. */
  isTimeUp(now = serverClock.now()): boolean {
    const left = this.timeLeft(now);
    return left !== null && left <= 0;
  }

  /** Milliseconds left (null: no deadline); frozen at the pause while paused. */
  timeLeft(now = serverClock.now()): number | null {
    const { deadlineAt, pausedAt } = this.state;
    if (deadlineAt === null) return null;
    return deadlineAt - (pausedAt !== null ? Math.min(now, pausedAt) : now);
  }

  start(): void {
    if (this.socket || this.state.closed) return;
    const socket = this.connect();
    this.socket = socket;
    socket.on("connect", () => {
      this.patch({ connection: "online" });
      this.autosave.setConnected(true);
    });
    socket.on("disconnect", (reason) => {
      this.patch({ connection: "offline" });
      this.autosave.setConnected(false);
      // Socket.IO does not reconnect after the server ended the connection (signing out or in
      // elsewhere does that). Asking once tells an ended sign-in (refused) from anything else.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (err) => {
      // A refused handshake (signed out, wrong role) is final; anything else is retried by Socket.IO.
      if (!socket.active && err.message === "UNAUTHENTICATED") this.patch({ connection: "ended" });
      else this.patch({ connection: socket.active ? "offline" : "denied" });
      if (!socket.active) console.warn("exam socket refused:", err.message);
    });
    socket.on("attempt:state", (s) => this.applyState(s));
    socket.on("attempt:notice", (n) => this.applyNotice(n));
    socket.on("proctor:message", (m) => {
      if (m.attemptId !== null && m.attemptId !== this.attemptId) return;
      // A page that reconnects is sent the unacknowledged messages again.
      if (this.state.messages.some((x) => x.id === m.id)) return;
      this.patch({ messages: [...this.state.messages, m].slice(-20) });
    });
    socket.on("attempt:closed", (e) => {
      if (e.attemptId === this.attemptId) this.setClosed(e.closedBy);
    });
    this.timer = setInterval(() => this.tick(), 250);
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
    if (typeof document !== "undefined") this.incidents.attach(window, document);
  }

  // The browser knows about a lost network long before a socket ping times out.
  private readonly onOffline = () => {
    if (!this.socket?.connected) return;
    this.socket.disconnect();
    this.pausedOffline = true;
  };

  private readonly onOnline = () => {
    if (!this.pausedOffline) return;
    this.pausedOffline = false;
    this.socket?.connect();
  };

  /** Disconnects; start() may connect again (pending changes are then resent). */
  stop(): void {
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("online", this.onOnline);
    this.incidents.detach();
    this.pausedOffline = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.autosave.setConnected(false);
  }

  // --- answers ---

  answerQuestion(questionId: string, answer: QuestionAnswer): void {
    if (this.isLocked()) return;
    this.patch({ answers: { ...this.state.answers, [questionId]: answer } });
    this.autosave.change({ kind: "question", id: questionId }, answer);
    this.replaced({ kind: "question", id: questionId });
  }

  /**
   * The editor of an item (its task kind's store), created on first use from what was saved; every
   * change of its document is saved and updates the item's done mark.
   */
  editorFor(task: TaskView, item: ItemView): ItemEditor<TaskAnswer> {
    let editor = this.editors.get(item.id);
    if (editor) return editor;
    let taskState = this.taskStates.get(task.id);
    if (!taskState) {
      taskState = new Map();
      this.taskStates.set(task.id, taskState);
    }
    editor = TASK_KIND_CLIENTS[task.kind].createEditor(task, item, this.savedDocuments[item.id] ?? null, {
      taskState,
    });
    editor.onDocumentChange((doc: TaskAnswer) => {
      this.autosave.change({ kind: "item", id: item.id }, doc);
      this.replaced({ kind: "item", id: item.id });
      const done = isAnswerFilled(task.kind, doc);
      if (this.state.doneItems[item.id] !== done)
        this.patch({ doneItems: { ...this.state.doneItems, [item.id]: done } });
    });
    this.editors.set(item.id, editor);
    return editor;
  }

  /**
   * "I have read it": acknowledges a proctor's message to the server and hides it. Unsent (the
   * socket is down) it stays, and the server sends it again on the next connection.
   */
  acknowledgeMessage(messageId: string): Promise<boolean> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      socket.timeout(10_000).emit("message:ack", { messageId }, (err, res) => {
        const ok = !err && Boolean(res?.data);
        if (ok) this.patch({ messages: this.state.messages.filter((m) => m.id !== messageId) });
        resolve(ok);
      });
    });
  }

  dismissNotice(): void {
    if (this.state.notice) this.patch({ notice: null });
  }

  dismissDocumentProblems(): void {
    if (this.state.documentProblems.length) this.patch({ documentProblems: [] });
  }

  // --- submitting ---

  /**
   * Saves what is pending (over HTTP if the socket is down), then submits. Throws
   * UnsavedAnswersError if answers could not be saved, unless `force`.
   */
  async submit(force = false): Promise<void> {
    this.autosave.flush();
    let settled = await this.autosave.whenSettled(5_000);
    if (!settled && !this.autosave.getSnapshot().closed) {
      this.autosave.flush(httpSave);
      settled = await this.autosave.whenSettled(5_000);
    }
    const { unsaved } = this.autosave.getSnapshot();
    if (!settled && !force && !this.state.closed) throw new UnsavedAnswersError(unsaved);
    if (this.state.closed) return;
    const state = await api.submit(this.attemptId);
    if (state.status !== "IN_PROGRESS") this.setClosed("CONTESTANT");
  }

  // --- internals ---

  /** A new document of `target` replaces whatever could not be read. */
  private replaced(target: AnswerTarget): void {
    const problems = this.state.documentProblems;
    if (problems.some((p) => p.target && sameTarget(p.target, target)))
      this.patch({ documentProblems: problems.filter((p) => !p.target || !sameTarget(p.target, target)) });
  }

  /** The attempt's state from the server: deadline, pause and lock (after a control, or on connect). */
  private applyState(s: AttemptState): void {
    if (s.attemptId !== this.attemptId) return;
    if (s.status !== "IN_PROGRESS") {
      this.setClosed("CLOSED");
      return;
    }
    const deadlineAt = s.deadlineAt ? Date.parse(s.deadlineAt) : null;
    const pausedAt = s.pausedAt === undefined ? this.state.pausedAt : msOrNull(s.pausedAt);
    const lockedAt = s.lockedAt === undefined ? this.state.lockedAt : msOrNull(s.lockedAt);
    this.patch({ deadlineAt, pausedAt, lockedAt });
    this.finalFlushDone = false;
    const running = pausedAt === null && lockedAt === null;
    this.autosave.setHeld(!(running && (deadlineAt === null || deadlineAt > serverClock.now())));
  }

  private applyNotice(n: AttemptNotice): void {
    if (n.attemptId !== this.attemptId) return;
    this.applyState(n.state);
    const at = Date.parse(n.at);
    if (n.kind === "extended")
      this.patch({
        notice: { kind: "extended", minutes: n.minutes ?? 0, deadlineAt: msOrNull(n.state.deadlineAt), at },
      });
    else if (n.kind === "resumed" || n.kind === "unlocked") this.patch({ notice: { kind: n.kind, at } });
    // "paused" and "locked" show as overlays from the state itself.
  }

  private tick(): void {
    const { deadlineAt, closed, pausedAt } = this.state;
    if (closed || deadlineAt === null || pausedAt !== null) return;
    const left = deadlineAt - serverClock.now();
    if (left <= FINAL_FLUSH_MS && !this.finalFlushDone) {
      this.finalFlushDone = true;
      // Time up is shown from the server's clock; saving stops when the server refuses or closes.
      this.autosave.flush();
    }
  }

  private setClosed(cause: ClosedCause): void {
    if (this.state.closed) return;
    this.patch({ closed: cause });
    this.autosave.close(cause === "DEADLINE" ? "DEADLINE_PASSED" : "ATTEMPT_CLOSED");
  }

  private patch(p: Partial<ExamSnapshot>): void {
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }
}
