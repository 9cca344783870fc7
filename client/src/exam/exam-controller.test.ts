// Unit tests of the exam controller with a fake socket, fake timers and a stubbed HTTP API.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  Ack,
  ExamView,
  SaveAnswerRequest,
  SaveAnswerResult,
  TaskView,
} from "../../../protocol/index.ts";
import { CanvasStore } from "../canvas/store.ts";
import { ApiError, api } from "../lib/api.ts";
import type { ExamSocket } from "../lib/socket.ts";
import { ExamController, UnsavedAnswersError } from "./exam-controller.ts";
import { AnswerJournal, type LocalCopy } from "./journal.ts";
import { FakeStore } from "./test-store.ts";

type Handler = (...args: never[]) => void;

class FakeSocket {
  connected = false;
  active = true;
  handlers = new Map<string, Handler[]>();
  saves: { req: SaveAnswerRequest; ack: (res: Ack<SaveAnswerResult>) => void }[] = [];
  disconnect = vi.fn(() => this.fire("disconnect"));
  connect = vi.fn(() => this.fire("connect"));
  on(event: string, fn: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, req: SaveAnswerRequest, ack: (res: Ack<SaveAnswerResult>) => void) {
    if (event === "answer:save") this.saves.push({ req, ack });
    return this;
  }
  acks: { event: string; req: unknown; ack: (err: Error | null, res?: unknown) => void }[] = [];
  /** Socket.IO's emit with a timeout: the ack gets (err, response). */
  timeout(_ms: number) {
    return {
      emit: (event: string, req: unknown, ack: (err: Error | null, res?: unknown) => void) => {
        this.acks.push({ event, req, ack });
      },
    };
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    if (event === "connect") this.connected = true;
    if (event === "disconnect") this.connected = false;
    for (const fn of this.handlers.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args);
  }
}

const NOW = Date.parse("2021-06-01T08:30:00.000Z");
const DEADLINE = "2021-06-01T10:00:00.000Z";

function examView(): ExamView {
  return {
    attempt: {
      attemptId: "att",
      status: "IN_PROGRESS",
      deadlineAt: DEADLINE,
      serverNow: new Date(NOW).toISOString(),
    },
    session: { id: "s", name: "Session" },
    paper: {
      id: "p",
      title: "Paper",
      sections: [
        {
          id: "th",
          kind: "THEORY",
          title: "Theory",
          questions: [{ id: "q1", position: 1, kind: "TRUE_FALSE", prompt: "?", options: [], points: 10 }],
          tasks: [],
        },
        {
          id: "pr",
          kind: "PRACTICAL",
          title: "Practical",
          questions: [],
          tasks: [
            {
              id: "t1",
              position: 1,
              kind: "BOXES",
              title: "Boxes",
              instructions: "",
              labels: [{ id: "car", name: "car", color: "#e4572e" }],
              options: {},
              points: 100,
              items: [{ id: "i1", position: 1, width: 640, height: 480, imageUrl: "/img" }],
            },
          ],
        },
      ],
    },
    answers: [{ target: { kind: "question", id: "q1" }, revision: 4, data: { value: false }, savedAt: "" }],
  };
}

/** The boxes editor of an item (a CanvasStore), as the page gets it. */
function boxesEditor(controller: ExamController, task: TaskView, itemId: string): CanvasStore {
  const item = task.items.find((it) => it.id === itemId);
  if (!item) throw new Error(`no item ${itemId}`);
  const editor = controller.editorFor(task, item);
  if (!(editor instanceof CanvasStore)) throw new Error("a BOXES item's editor is a CanvasStore");
  return editor;
}

function setup(view = examView(), local?: LocalCopy) {
  const socket = new FakeSocket();
  const controller = new ExamController(view, () => socket as unknown as ExamSocket, local);
  controller.start();
  return { socket, controller };
}

const quiet = { warn: () => undefined, error: () => undefined };

/** What a previous page left in the journal; `load` reads it back like a reload does. */
async function journalWith(
  records: { target: { kind: "item" | "question"; id: string }; revision: number; data: unknown }[],
  store = new FakeStore(),
): Promise<{ store: FakeStore; load: () => Promise<LocalCopy> }> {
  const before = new AnswerJournal(store, { log: quiet, minWriteIntervalMs: 0 });
  for (const r of records) await before.write(r.target, r.revision, r.data);
  return {
    store,
    load: async () => {
      const journal = new AnswerJournal(store, { log: quiet });
      return { journal, ...(await journal.load()) };
    },
  };
}

const box = { id: "b1", label: "car", x: 1, y: 2, w: 30, h: 40 };

const ok = (s: { req: SaveAnswerRequest; ack: (res: Ack<SaveAnswerResult>) => void } | undefined) =>
  s?.ack({ data: { revision: s.req.revision, savedAt: new Date().toISOString(), duplicate: false } });

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  vi.stubGlobal("window", new EventTarget());
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("ExamController", () => {
  it("starts from the saved answers and saves changes over the socket once connected", () => {
    const { socket, controller } = setup();
    expect(controller.getSnapshot().answers).toEqual({ q1: { value: false } });
    controller.answerQuestion("q1", { value: true });
    vi.advanceTimersByTime(300);
    expect(socket.saves).toHaveLength(0);
    socket.fire("connect");
    expect(socket.saves.map((s) => [s.req.target, s.req.revision, s.req.data])).toEqual([
      [{ kind: "question", id: "q1" }, 5, { value: true }],
    ]);
    ok(socket.saves[0]);
    expect(controller.autosave.getSnapshot().status).toBe("saved");
  });

  it("saves an item's boxes whenever its editor changes, and marks the item done", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    const task = controller.view.paper.sections[1]?.tasks[0];
    if (!task) throw new Error("no task");
    const store = boxesEditor(controller, task, "i1");
    expect(store.getSnapshot().activeLabel).toBe("car");
    store.addBox({ x: 1, y: 2, w: 30, h: 40 }, "car");
    expect(controller.getSnapshot().doneItems).toEqual({ i1: true });
    vi.advanceTimersByTime(300);
    expect(socket.saves[0]?.req).toMatchObject({
      target: { kind: "item", id: "i1" },
      revision: 1,
      data: { boxes: [{ label: "car", x: 1, y: 2, w: 30, h: 40 }] },
    });
  });

  it("locks when the server closes the attempt", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    socket.fire("attempt:closed", { attemptId: "other", closedBy: "PROCTOR" });
    expect(controller.getSnapshot().closed).toBeNull();
    socket.fire("attempt:closed", { attemptId: "att", closedBy: "PROCTOR" });
    expect(controller.getSnapshot().closed).toBe("PROCTOR");
    expect(controller.isLocked()).toBe(true);
    controller.answerQuestion("q1", { value: true });
    vi.advanceTimersByTime(1_000);
    expect(socket.saves).toHaveLength(0);
    expect(controller.getSnapshot().answers.q1).toEqual({ value: false });
  });

  it("locks with DEADLINE when a save is refused after the deadline", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    controller.answerQuestion("q1", { value: true });
    vi.advanceTimersByTime(300);
    socket.saves[0]?.ack({ error: { code: "DEADLINE_PASSED", message: "late" } });
    expect(controller.getSnapshot().closed).toBe("DEADLINE");
    expect(controller.autosave.getSnapshot().closed).toBe("DEADLINE_PASSED");
  });

  it("follows the deadline the server sends, and reports time up by the server's clock", () => {
    const { socket, controller } = setup();
    expect(controller.isTimeUp()).toBe(false);
    const later = "2021-06-01T10:10:00.000Z";
    socket.fire("attempt:state", {
      attemptId: "att",
      status: "IN_PROGRESS",
      deadlineAt: later,
      serverNow: "",
    });
    expect(controller.getSnapshot().deadlineAt).toBe(Date.parse(later));
    expect(controller.isTimeUp(Date.parse(later) - 1)).toBe(false);
    expect(controller.isTimeUp(Date.parse(later))).toBe(true);
    socket.fire("attempt:state", { attemptId: "att", status: "FROZEN", deadlineAt: later, serverNow: "" });
    expect(controller.getSnapshot().closed).toBe("CLOSED");
  });

  it("sends pending changes just before the deadline without waiting for the quiet period", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    vi.setSystemTime(Date.parse(DEADLINE) - 2_100);
    controller.answerQuestion("q1", { value: true });
    vi.advanceTimersByTime(250);
    expect(socket.saves).toHaveLength(1);
  });

  it("disconnects when the browser goes offline and reconnects when it is back", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    window.dispatchEvent(new Event("offline"));
    expect(socket.disconnect).toHaveBeenCalled();
    expect(controller.getSnapshot().connection).toBe("offline");
    expect(controller.autosave.getSnapshot().status).toBe("offline");
    window.dispatchEvent(new Event("online"));
    expect(socket.connect).toHaveBeenCalled();
    expect(controller.getSnapshot().connection).toBe("online");
  });

  it("shows the sign-in as ended when the server disconnects and then refuses it, and keeps the change", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    controller.answerQuestion("q1", { value: true });
    // The server ends the connection (a sign-out or a second sign-in): the page asks once more.
    socket.connect.mockImplementation(() => undefined);
    socket.fire("disconnect", "io server disconnect");
    expect(socket.connect).toHaveBeenCalledTimes(1);
    socket.active = false;
    socket.fire("connect_error", new Error("UNAUTHENTICATED"));
    expect(controller.getSnapshot().connection).toBe("ended");
    vi.advanceTimersByTime(1_000);
    expect(socket.saves).toHaveLength(0);
    expect(controller.autosave.getSnapshot().unsaved).toBe(1);
  });

  it("goes back online when the server's disconnect was not the end of the sign-in", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    socket.fire("disconnect", "io server disconnect");
    expect(controller.getSnapshot().connection).toBe("online");
    socket.active = false;
    socket.fire("connect_error", new Error("FORBIDDEN"));
    expect(controller.getSnapshot().connection).toBe("denied");
  });

  describe("after a reload", () => {
    it("shows what the journal kept that the server lacks, and replays it in order once connected", async () => {
      const { store, load } = await journalWith([
        { target: { kind: "item", id: "i1" }, revision: 2, data: { boxes: [box] } },
        { target: { kind: "question", id: "q1" }, revision: 4, data: { value: true } }, // server has 4
        { target: { kind: "question", id: "q1" }, revision: 6, data: { value: true } },
      ]);
      const { socket, controller } = setup(examView(), await load());
      expect(controller.getSnapshot().answers).toEqual({ q1: { value: true } });
      expect(controller.getSnapshot().doneItems).toEqual({ i1: true });
      const task = controller.view.paper.sections[1]?.tasks[0];
      if (!task) throw new Error("no task");
      expect(boxesEditor(controller, task, "i1").getSnapshot().boxes).toEqual([box]);
      expect(controller.autosave.getSnapshot()).toMatchObject({ status: "offline", unsaved: 2 });
      socket.fire("connect");
      expect(socket.saves.map((s) => [s.req.target.id, s.req.revision, s.req.data])).toEqual([
        ["i1", 2, { boxes: [box] }],
        ["q1", 6, { value: true }],
      ]);
      for (const s of socket.saves) ok(s);
      await vi.advanceTimersByTimeAsync(0);
      expect(store.data.get("question:q1")).toMatchObject({ revision: 6, acked: 6 });
      expect(store.data.get("item:i1")).toMatchObject({ revision: 2, acked: 2 });
      expect(controller.autosave.getSnapshot().status).toBe("saved");
      // The next change goes on from the replayed revision.
      controller.answerQuestion("q1", { value: false });
      await vi.advanceTimersByTimeAsync(300);
      expect(socket.saves[2]?.req.revision).toBe(7);
    });

    it("marks local documents the server already has as acknowledged, and sends nothing", async () => {
      const { store, load } = await journalWith([
        { target: { kind: "question", id: "q1" }, revision: 4, data: { value: false } },
      ]);
      const { socket } = setup(examView(), await load());
      socket.fire("connect");
      await vi.advanceTimersByTimeAsync(0);
      expect(socket.saves).toHaveLength(0);
      expect(store.data.get("question:q1")).toMatchObject({ revision: 4, acked: 4 });
    });

    it("keeps local changes but does not send them when the time was up at load", async () => {
      const { store, load } = await journalWith([
        { target: { kind: "question", id: "q1" }, revision: 5, data: { value: true } },
      ]);
      const view = examView();
      view.attempt.serverNow = "2021-06-01T10:00:01.000Z"; // a second after the deadline
      vi.setSystemTime(Date.parse(view.attempt.serverNow));
      const { socket, controller } = setup(view, await load());
      socket.fire("connect");
      await vi.advanceTimersByTimeAsync(5_000);
      expect(socket.saves).toHaveLength(0);
      expect(controller.autosave.getSnapshot()).toMatchObject({ status: "error", held: true, unsaved: 1 });
      expect(controller.autosave.unsavedTargets()).toEqual([{ kind: "question", id: "q1" }]);
      expect(store.data.get("question:q1")).toMatchObject({ revision: 5, acked: 0 });
      // A proctor extends the time: now they go out.
      socket.fire("attempt:state", {
        attemptId: "att",
        status: "IN_PROGRESS",
        deadlineAt: "2021-06-01T10:10:00.000Z",
        serverNow: "",
      });
      expect(socket.saves.map((s) => s.req.revision)).toEqual([5]);
    });

    it("keeps local changes of a closed attempt without sending them", async () => {
      const { store, load } = await journalWith([
        { target: { kind: "question", id: "q1" }, revision: 5, data: { value: true } },
      ]);
      const view = examView();
      view.attempt.status = "FROZEN";
      const { socket, controller } = setup(view, await load());
      socket.fire("connect");
      await vi.advanceTimersByTimeAsync(5_000);
      expect(socket.saves).toHaveLength(0);
      expect(controller.getSnapshot().closed).toBe("CLOSED");
      expect(controller.autosave.getSnapshot()).toMatchObject({ status: "error", unsaved: 1 });
      expect(store.data.has("question:q1")).toBe(true);
    });

    it("reports malformed documents from the server and the journal, and the rest works", async () => {
      const { store, load } = await journalWith([
        { target: { kind: "question", id: "q1" }, revision: 9, data: { value: "yes" } },
      ]);
      const view = examView();
      view.answers.push({
        target: { kind: "item", id: "i1" },
        revision: 3,
        data: { boxes: [{ ...box, w: 0 }] },
        savedAt: "",
      });
      const { socket, controller } = setup(view, await load());
      expect(controller.getSnapshot().documentProblems.map((p) => [p.target?.id, p.source])).toEqual([
        ["i1", "server"],
        ["q1", "local"],
      ]);
      expect(controller.getSnapshot().answers).toEqual({ q1: { value: false } }); // the server's
      await vi.advanceTimersByTimeAsync(0);
      expect(store.data.has("question:q1")).toBe(false); // discarded
      socket.fire("connect");
      const task = controller.view.paper.sections[1]?.tasks[0];
      if (!task) throw new Error("no task");
      const itemStore = boxesEditor(controller, task, "i1");
      expect(itemStore.getSnapshot().boxes).toEqual([]);
      itemStore.addBox({ x: 5, y: 5, w: 10, h: 10 }, "car");
      expect(controller.getSnapshot().documentProblems.map((p) => p.target?.id)).toEqual(["q1"]);
      await vi.advanceTimersByTimeAsync(300);
      expect(socket.saves[0]?.req).toMatchObject({ target: { id: "i1" }, revision: 4 });
      controller.dismissDocumentProblems();
      expect(controller.getSnapshot().documentProblems).toEqual([]);
    });
  });

  describe("submit", () => {
    it("saves what is pending, then submits and locks", async () => {
      const { socket, controller } = setup();
      socket.fire("connect");
      const submit = vi
        .spyOn(api, "submit")
        .mockResolvedValue({ attemptId: "att", status: "FROZEN", deadlineAt: DEADLINE, serverNow: "" });
      controller.answerQuestion("q1", { value: true });
      const done = controller.submit();
      expect(socket.saves).toHaveLength(1);
      ok(socket.saves[0]);
      await done;
      expect(submit).toHaveBeenCalledWith("att");
      expect(controller.getSnapshot().closed).toBe("CONTESTANT");
    });

    it("falls back to HTTP while the socket is down", async () => {
      const { controller } = setup();
      const save = vi
        .spyOn(api, "saveAnswer")
        .mockImplementation(async (req) => ({ revision: req.revision, savedAt: "", duplicate: false }));
      vi.spyOn(api, "submit").mockResolvedValue({
        attemptId: "att",
        status: "FROZEN",
        deadlineAt: null,
        serverNow: "",
      });
      controller.answerQuestion("q1", { value: true });
      const done = controller.submit();
      await vi.advanceTimersByTimeAsync(5_000);
      await done;
      expect(save).toHaveBeenCalledWith(expect.objectContaining({ revision: 5, data: { value: true } }));
      expect(controller.getSnapshot().closed).toBe("CONTESTANT");
    });

    it("refuses to submit with unsaved answers unless forced", async () => {
      const { controller } = setup();
      vi.spyOn(api, "saveAnswer").mockRejectedValue(new ApiError("NETWORK", "down", 0));
      const submit = vi
        .spyOn(api, "submit")
        .mockResolvedValue({ attemptId: "att", status: "FROZEN", deadlineAt: null, serverNow: "" });
      controller.answerQuestion("q1", { value: true });
      const first = controller.submit().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await first).toBeInstanceOf(UnsavedAnswersError);
      expect(submit).not.toHaveBeenCalled();
      const forced = controller.submit(true);
      await vi.advanceTimersByTimeAsync(10_000);
      await forced;
      expect(submit).toHaveBeenCalled();
    });
  });

  describe("a proctor's controls", () => {
    const state = (over: Record<string, unknown>) => ({
      attemptId: "att",
      status: "IN_PROGRESS",
      deadlineAt: DEADLINE,
      serverNow: new Date(Date.now()).toISOString(),
      ...over,
    });

    it("pause freezes the clock, refuses edits and holds saves; resume moves the deadline and sends them", () => {
      const { socket, controller } = setup();
      socket.fire("connect");
      const left = controller.timeLeft() ?? 0;
      const pausedAt = new Date(Date.now()).toISOString();
      socket.fire("attempt:notice", {
        attemptId: "att",
        kind: "paused",
        state: state({ pausedAt }),
        at: pausedAt,
      });
      expect(controller.getSnapshot().pausedAt).toBe(Date.parse(pausedAt));
      expect(controller.isLocked()).toBe(true);
      vi.advanceTimersByTime(60_000);
      expect(controller.timeLeft()).toBe(left); // frozen
      controller.answerQuestion("q1", { value: true }); // refused while paused
      expect(controller.getSnapshot().answers).toEqual({ q1: { value: false } });
      expect(controller.autosave.getSnapshot().held).toBe(true);

      const deadline = new Date(Date.parse(DEADLINE) + 60_000).toISOString();
      socket.fire("attempt:notice", {
        attemptId: "att",
        kind: "resumed",
        state: state({ pausedAt: null, deadlineAt: deadline, pausedSeconds: 60 }),
        at: new Date(Date.now()).toISOString(),
      });
      expect(controller.getSnapshot().pausedAt).toBeNull();
      expect(controller.getSnapshot().notice).toMatchObject({ kind: "resumed" });
      expect(controller.timeLeft()).toBe(left);
      expect(controller.isLocked()).toBe(false);
      expect(controller.autosave.getSnapshot().held).toBe(false);
      controller.answerQuestion("q1", { value: true });
      vi.advanceTimersByTime(300);
      expect(socket.saves.at(-1)?.req.data).toEqual({ value: true });
    });

    it("a save refused as paused waits and goes out on the resume, unchanged", () => {
      const { socket, controller } = setup();
      socket.fire("connect");
      controller.answerQuestion("q1", { value: true });
      vi.advanceTimersByTime(300);
      socket.saves[0]?.ack({ error: { code: "ATTEMPT_PAUSED", message: "paused" } });
      expect(controller.autosave.getSnapshot().unsaved).toBe(1);
      socket.fire("attempt:state", state({ pausedAt: null }));
      vi.advanceTimersByTime(300);
      expect(socket.saves).toHaveLength(2);
      expect(socket.saves[1]?.req).toMatchObject({ revision: 5, data: { value: true } });
    });

    it("a lock blocks edits with the clock running; an extension shows the minutes and the new end", () => {
      const { socket, controller } = setup();
      socket.fire("connect");
      const lockedAt = new Date(Date.now()).toISOString();
      socket.fire("attempt:state", state({ lockedAt }));
      expect(controller.isLocked()).toBe(true);
      const left = controller.timeLeft() ?? 0;
      vi.advanceTimersByTime(1_000);
      expect(controller.timeLeft()).toBe(left - 1_000);
      const deadline = new Date(Date.parse(DEADLINE) + 10 * 60_000).toISOString();
      socket.fire("attempt:notice", {
        attemptId: "att",
        kind: "extended",
        minutes: 10,
        state: state({ lockedAt: null, deadlineAt: deadline }),
        at: new Date(Date.now()).toISOString(),
      });
      expect(controller.isLocked()).toBe(false);
      expect(controller.getSnapshot().notice).toMatchObject({
        kind: "extended",
        minutes: 10,
        deadlineAt: Date.parse(deadline),
      });
      expect(controller.getSnapshot().deadlineAt).toBe(Date.parse(deadline));
      controller.dismissNotice();
      expect(controller.getSnapshot().notice).toBeNull();
      // Another attempt's notice is not ours.
      socket.fire("attempt:notice", {
        attemptId: "other",
        kind: "locked",
        state: state({ attemptId: "other", lockedAt }),
        at: lockedAt,
      });
      expect(controller.getSnapshot().lockedAt).toBeNull();
    });

    it("keeps each message until acknowledged, once even if sent again, and sends the ack", async () => {
      const { socket, controller } = setup();
      socket.fire("connect");
      const m = { id: "m1", attemptId: null, text: "Hello", at: new Date(Date.now()).toISOString() };
      socket.fire("proctor:message", m);
      socket.fire("proctor:message", m); // sent again on a reconnect
      socket.fire("proctor:message", { ...m, id: "m2", attemptId: "other" }); // not ours
      expect(controller.getSnapshot().messages.map((x) => x.id)).toEqual(["m1"]);
      const acked = controller.acknowledgeMessage("m1");
      expect(socket.acks).toEqual([
        expect.objectContaining({ event: "message:ack", req: { messageId: "m1" } }),
      ]);
      socket.acks[0]?.ack(null, { data: { messageId: "m1", at: m.at } });
      expect(await acked).toBe(true);
      expect(controller.getSnapshot().messages).toEqual([]);

      socket.fire("proctor:message", { ...m, id: "m3" });
      const refused = controller.acknowledgeMessage("m3");
      socket.acks[1]?.ack(new Error("timeout"));
      expect(await refused).toBe(false);
      expect(controller.getSnapshot().messages.map((x) => x.id)).toEqual(["m3"]);
    });
  });
});
