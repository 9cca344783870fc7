// Unit tests of the exam controller with a fake socket, fake timers and a stubbed HTTP API.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Ack, ExamView, SaveAnswerRequest, SaveAnswerResult } from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import type { ExamSocket } from "../lib/socket.ts";
import { ExamController, UnsavedAnswersError } from "./exam-controller.ts";

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

function setup() {
  const socket = new FakeSocket();
  const controller = new ExamController(examView(), () => socket as unknown as ExamSocket);
  controller.start();
  return { socket, controller };
}

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

  it("saves an item's boxes whenever its store changes, and marks the item done", () => {
    const { socket, controller } = setup();
    socket.fire("connect");
    const task = controller.view.paper.sections[1]?.tasks[0];
    if (!task) throw new Error("no task");
    const store = controller.storeFor(task, "i1");
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
});
