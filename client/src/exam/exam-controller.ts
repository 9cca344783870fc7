// One open attempt outside React: the /exam socket, autosave, the canvas store of each item, the
// theory answers, the deadline and whether the attempt is closed. Pages subscribe and render.
import type { ErrorBody, ExamView, QuestionAnswer, TaskView } from "../../../protocol/index.ts";
import { CanvasStore } from "../canvas/store.ts";
import { ApiError, api } from "../lib/api.ts";
import { serverClock } from "../lib/server-clock.ts";
import { connectExam, type ExamSocket } from "../lib/socket.ts";
import { savedItemBoxes, savedQuestionAnswers } from "./answers.ts";
import { Autosave, type EmitSave } from "./autosave.ts";

/** Who or what closed the attempt; CLOSED when the server said so without saying why. */
export type ClosedCause = "CONTESTANT" | "PROCTOR" | "DEADLINE" | "CLOSED";
export type Connection = "connecting" | "online" | "offline" | "denied";

export interface ExamSnapshot {
  /** The deadline in server milliseconds. */
  deadlineAt: number | null;
  closed: ClosedCause | null;
  connection: Connection;
  answers: Readonly<Record<string, QuestionAnswer>>;
  /** Items with at least one box. */
  doneItems: Readonly<Record<string, boolean>>;
}

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
  private readonly stores = new Map<string, CanvasStore>();
  private readonly savedBoxes: ReturnType<typeof savedItemBoxes>;
  /** The label last picked in each task, so the next item of the task starts with it. */
  private readonly activeLabels = new Map<string, string | null>();
  private readonly listeners = new Set<() => void>();
  private socket: ExamSocket | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private finalFlushDone = false;
  private pausedOffline = false;
  private state: ExamSnapshot;

  constructor(
    readonly view: ExamView,
    private readonly connect: () => ExamSocket = connectExam,
  ) {
    const { attempt } = view;
    this.savedBoxes = savedItemBoxes(view);
    const answers = savedQuestionAnswers(view);
    const doneItems: Record<string, boolean> = {};
    for (const [id, boxes] of Object.entries(this.savedBoxes)) doneItems[id] = boxes.length > 0;
    this.state = {
      deadlineAt: attempt.deadlineAt ? Date.parse(attempt.deadlineAt) : null,
      closed: attempt.status === "IN_PROGRESS" ? null : "CLOSED",
      connection: "connecting",
      answers,
      doneItems,
    };
    this.autosave = new Autosave({
      attemptId: attempt.attemptId,
      emit: (req, ack) => this.socket?.emit("answer:save", req, ack),
      saved: view.answers,
      onClosed: (reason) => this.setClosed(reason === "DEADLINE_PASSED" ? "DEADLINE" : "CLOSED"),
    });
    if (this.state.closed) this.autosave.close("ATTEMPT_CLOSED");
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ExamSnapshot => this.state;

  get attemptId(): string {
    return this.view.attempt.attemptId;
  }

  /** Whether answers may change: not closed, and the server's clock is before the deadline. */
  isLocked(now = serverClock.now()): boolean {
    return this.state.closed !== null || this.isTimeUp(now);
  }

  isTimeUp(now = serverClock.now()): boolean {
    return this.state.deadlineAt !== null && now >= this.state.deadlineAt;
  }

  start(): void {
    if (this.socket || this.state.closed) return;
    const socket = this.connect();
    this.socket = socket;
    socket.on("connect", () => {
      this.patch({ connection: "online" });
      this.autosave.setConnected(true);
    });
    socket.on("disconnect", () => {
      this.patch({ connection: "offline" });
      this.autosave.setConnected(false);
    });
    socket.on("connect_error", (err) => {
      // A refused handshake (signed out, wrong role) is final; anything else is retried by Socket.IO.
      this.patch({ connection: socket.active ? "offline" : "denied" });
      if (!socket.active) console.warn("exam socket refused:", err.message);
    });
    socket.on("attempt:state", (s) => {
      if (s.attemptId !== this.attemptId) return;
      if (s.status === "IN_PROGRESS") {
        this.patch({ deadlineAt: s.deadlineAt ? Date.parse(s.deadlineAt) : null });
        this.finalFlushDone = false;
      } else this.setClosed("CLOSED");
    });
    socket.on("attempt:closed", (e) => {
      if (e.attemptId === this.attemptId) this.setClosed(e.closedBy);
    });
    this.timer = setInterval(() => this.tick(), 250);
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("online", this.onOnline);
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
  }

  /** The canvas store of an item, created on first use from what was saved. */
  storeFor(task: TaskView, itemId: string): CanvasStore {
    let store = this.stores.get(itemId);
    if (store) return store;
    const fallback = task.labels[0]?.id ?? null;
    store = new CanvasStore({
      boxes: this.savedBoxes[itemId] ?? [],
      activeLabel: this.activeLabels.get(task.id) ?? fallback,
    });
    const s = store;
    s.subscribe(() => this.activeLabels.set(task.id, s.getSnapshot().activeLabel));
    s.onDocumentChange((doc) => {
      this.autosave.change({ kind: "item", id: itemId }, doc);
      const done = doc.boxes.length > 0;
      if (this.state.doneItems[itemId] !== done)
        this.patch({ doneItems: { ...this.state.doneItems, [itemId]: done } });
    });
    this.stores.set(itemId, store);
    return store;
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

  private tick(): void {
    const { deadlineAt, closed } = this.state;
    if (closed || deadlineAt === null) return;
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
