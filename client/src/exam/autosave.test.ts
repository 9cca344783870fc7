// Unit tests of autosave with a fake emit function and fake timers: revisions, acks, retries,
// reconnects, stale revisions and closed attempts.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Ack, ErrorBody, SaveAnswerRequest, SaveAnswerResult } from "../../../protocol/index.ts";
import { Autosave, type AutosaveOptions } from "./autosave.ts";

interface Sent {
  req: SaveAnswerRequest;
  ack: (res: Ack<SaveAnswerResult>) => void;
}

const item = (id: string) => ({ kind: "item" as const, id });
const question = (id: string) => ({ kind: "question" as const, id });

function setup(opts: Partial<AutosaveOptions> = {}) {
  const sent: Sent[] = [];
  const onClosed = vi.fn();
  const autosave = new Autosave({
    attemptId: "att-1",
    connected: true,
    emit: (req, ack) => sent.push({ req, ack }),
    onClosed,
    ...opts,
  });
  const ok = (s: Sent | undefined) =>
    s?.ack({ data: { revision: s.req.revision, savedAt: "2021-06-01T08:00:00.000Z", duplicate: false } });
  const fail = (s: Sent | undefined, error: ErrorBody) => s?.ack({ error });
  return { autosave, sent, onClosed, ok, fail, status: () => autosave.getSnapshot().status };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Autosave", () => {
  describe("change", () => {
    it("waits for a quiet period, then sends only the latest document", () => {
      const { autosave, sent, status } = setup();
      expect(status()).toBe("idle");
      autosave.change(item("i1"), { boxes: [] });
      vi.advanceTimersByTime(200);
      autosave.change(item("i1"), { boxes: [{ id: "a" }] });
      vi.advanceTimersByTime(299);
      expect(sent).toHaveLength(0);
      expect(status()).toBe("saving");
      vi.advanceTimersByTime(1);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.req).toEqual({
        attemptId: "att-1",
        target: item("i1"),
        revision: 2,
        data: { boxes: [{ id: "a" }] },
      });
    });

    it("continues from the saved revision and marks the target saved on the ack", () => {
      const { autosave, sent, ok, status } = setup({ saved: [{ target: question("q1"), revision: 7 }] });
      autosave.change(question("q1"), { choice: "A" });
      vi.advanceTimersByTime(300);
      expect(sent[0]?.req.revision).toBe(8);
      ok(sent[0]);
      expect(status()).toBe("saved");
      expect(autosave.getSnapshot().unsaved).toBe(0);
      autosave.change(question("q1"), { choice: "B" });
      vi.advanceTimersByTime(300);
      expect(sent[1]?.req.revision).toBe(9);
    });

    it("keeps one save per target on the way and sends what changed meanwhile after the ack", () => {
      const { autosave, sent, ok, status } = setup();
      autosave.change(item("i1"), { v: 1 });
      vi.advanceTimersByTime(300);
      autosave.change(item("i1"), { v: 2 });
      autosave.change(item("i1"), { v: 3 });
      vi.advanceTimersByTime(300);
      expect(sent).toHaveLength(1);
      ok(sent[0]);
      expect(sent).toHaveLength(2);
      expect(sent[1]?.req).toMatchObject({ revision: 3, data: { v: 3 } });
      expect(status()).toBe("saving");
      ok(sent[1]);
      expect(status()).toBe("saved");
    });

    it("saves different targets independently", () => {
      const { autosave, sent, ok } = setup();
      autosave.change(item("i1"), { v: 1 });
      autosave.change(question("q1"), { choice: "A" });
      vi.advanceTimersByTime(300);
      expect(sent.map((s) => [s.req.target.id, s.req.revision])).toEqual([
        ["i1", 1],
        ["q1", 1],
      ]);
      ok(sent[1]);
      expect(autosave.getSnapshot().unsaved).toBe(1);
    });
  });

  describe("acks that do not come", () => {
    it("resends the same revision with backoff after a timeout, and takes a late ack", () => {
      const { autosave, sent, ok, status } = setup();
      autosave.change(item("i1"), { v: 1 });
      vi.advanceTimersByTime(300);
      vi.advanceTimersByTime(10_000);
      expect(status()).toBe("error");
      expect(autosave.getSnapshot().problem).toMatchObject({ code: "TIMEOUT", retrying: true });
      vi.advanceTimersByTime(1_000);
      expect(sent).toHaveLength(2);
      vi.advanceTimersByTime(10_000 + 1_999);
      expect(sent).toHaveLength(2);
      vi.advanceTimersByTime(1);
      expect(sent).toHaveLength(3);
      expect(sent.map((s) => s.req.revision)).toEqual([1, 1, 1]);
      ok(sent[0]); // the first one was committed after all
      expect(status()).toBe("saved");
      expect(autosave.getSnapshot().problem).toBeNull();
    });

    it("retries an INTERNAL error, but not a validation error", () => {
      const { autosave, sent, fail, ok, status } = setup();
      autosave.change(item("i1"), { v: 1 });
      autosave.change(item("i2"), { v: 1 });
      vi.advanceTimersByTime(300);
      fail(sent[0], { code: "INTERNAL", message: "Internal error." });
      fail(sent[1], { code: "VALIDATION_FAILED", message: "Unknown label." });
      expect(status()).toBe("error");
      expect(autosave.getSnapshot().problem).toMatchObject({ code: "VALIDATION_FAILED", retrying: false });
      vi.advanceTimersByTime(1_000);
      expect(sent.map((s) => s.req.target.id)).toEqual(["i1", "i2", "i1"]);
      ok(sent[2]);
      expect(status()).toBe("error");
      autosave.change(item("i2"), { v: 2 });
      vi.advanceTimersByTime(300);
      ok(sent[3]);
      expect(status()).toBe("saved");
    });
  });

  describe("rate limits", () => {
    it("holds every save for the time the server asks, then sends the latest documents in order", () => {
      const { autosave, sent, fail, ok, status } = setup();
      autosave.change(item("i1"), { v: 1 });
      autosave.change(item("i2"), { v: 1 });
      vi.advanceTimersByTime(300);
      expect(sent).toHaveLength(2);
      fail(sent[0], { code: "RATE_LIMITED", message: "Slow down.", details: { retryAfterMs: 2_000 } });
      ok(sent[1]);
      // Not an error for the contestant: still saving.
      expect(status()).toBe("saving");
      autosave.change(item("i1"), { v: 2 });
      autosave.change(item("i2"), { v: 2 });
      vi.advanceTimersByTime(1_999);
      expect(sent).toHaveLength(2);
      vi.advanceTimersByTime(1);
      expect(sent.slice(2).map((s) => [s.req.target.id, s.req.revision, s.req.data])).toEqual([
        ["i1", 2, { v: 2 }],
        ["i2", 2, { v: 2 }],
      ]);
      for (const s of sent.slice(2)) ok(s);
      expect(status()).toBe("saved");
      expect(autosave.getSnapshot().unsaved).toBe(0);
    });
  });

  describe("setConnected", () => {
    it("is offline while disconnected and resends the latest unsaved document per target on reconnect", () => {
      const { autosave, sent, ok, status } = setup();
      autosave.change(item("i1"), { v: 1 });
      vi.advanceTimersByTime(300);
      autosave.setConnected(false);
      expect(status()).toBe("offline");
      autosave.change(item("i1"), { v: 2 });
      autosave.change(item("i2"), { v: 1 });
      autosave.change(question("q1"), { value: true });
      vi.advanceTimersByTime(60_000);
      expect(sent).toHaveLength(1);
      ok(sent[0]); // the ack of the send before the cut arrives late
      autosave.setConnected(true);
      expect(sent.slice(1).map((s) => [s.req.target.id, s.req.revision, s.req.data])).toEqual([
        ["i1", 2, { v: 2 }],
        ["i2", 1, { v: 1 }],
        ["q1", 1, { value: true }],
      ]);
      for (const s of sent.slice(1)) ok(s);
      expect(status()).toBe("saved");
    });

    it("sends nothing when everything was saved before the cut", () => {
      const { autosave, sent, ok } = setup();
      autosave.change(item("i1"), { v: 1 });
      vi.advanceTimersByTime(300);
      ok(sent[0]);
      autosave.setConnected(false);
      autosave.setConnected(true);
      expect(sent).toHaveLength(1);
      expect(autosave.getSnapshot().status).toBe("saved");
    });
  });

  describe("stale revisions", () => {
    it("goes above the server's revision and resends the same document", () => {
      const { autosave, sent, fail, ok, status } = setup({ saved: [{ target: item("i1"), revision: 2 }] });
      autosave.change(item("i1"), { v: "mine" });
      vi.advanceTimersByTime(300);
      expect(sent[0]?.req.revision).toBe(3);
      fail(sent[0], {
        code: "STALE_REVISION",
        message: "A newer revision is saved.",
        details: { currentRevision: 9 },
      });
      expect(sent[1]?.req).toMatchObject({ revision: 10, data: { v: "mine" } });
      ok(sent[1]);
      expect(status()).toBe("saved");
      autosave.change(item("i1"), { v: "next" });
      vi.advanceTimersByTime(300);
      expect(sent[2]?.req.revision).toBe(11);
    });

    it("treats a conflicting duplicate revision the same way", () => {
      const { autosave, sent, fail } = setup();
      autosave.change(item("i1"), { v: 1 });
      vi.advanceTimersByTime(300);
      fail(sent[0], { code: "CONFLICT", message: "Different data.", details: { revision: 1 } });
      expect(sent[1]?.req.revision).toBe(2);
    });
  });

  describe("closed attempts", () => {
    it("stops saving and reports once when the deadline has passed", () => {
      const { autosave, sent, fail, onClosed, status } = setup();
      autosave.change(item("i1"), { v: 1 });
      autosave.change(item("i2"), { v: 1 });
      vi.advanceTimersByTime(300);
      const error = { code: "DEADLINE_PASSED" as const, message: "Too late." };
      fail(sent[0], error);
      fail(sent[1], error);
      expect(onClosed).toHaveBeenCalledTimes(1);
      expect(onClosed).toHaveBeenCalledWith("DEADLINE_PASSED", error);
      expect(autosave.getSnapshot().closed).toBe("DEADLINE_PASSED");
      expect(status()).toBe("error");
      expect(autosave.change(item("i1"), { v: 2 })).toBe(false);
      autosave.setConnected(false);
      autosave.setConnected(true);
      vi.advanceTimersByTime(60_000);
      expect(sent).toHaveLength(2);
    });

    it("stops on ATTEMPT_CLOSED and on close() from outside", () => {
      const a = setup();
      a.autosave.change(item("i1"), { v: 1 });
      vi.advanceTimersByTime(300);
      a.fail(a.sent[0], { code: "ATTEMPT_CLOSED", message: "Closed." });
      expect(a.onClosed).toHaveBeenCalledWith("ATTEMPT_CLOSED", expect.anything());

      const b = setup();
      b.autosave.change(item("i1"), { v: 1 });
      b.autosave.close("ATTEMPT_CLOSED");
      vi.advanceTimersByTime(60_000);
      expect(b.sent).toHaveLength(0);
      expect(b.onClosed).toHaveBeenCalledWith("ATTEMPT_CLOSED", null);
    });
  });

  describe("flush and whenSettled", () => {
    it("sends pending changes at once and resolves when they are acknowledged", async () => {
      const { autosave, sent, ok } = setup();
      autosave.change(item("i1"), { v: 1 });
      autosave.flush();
      expect(sent).toHaveLength(1);
      const settled = autosave.whenSettled(5_000);
      ok(sent[0]);
      await expect(settled).resolves.toBe(true);
    });

    it("sends through the fallback while the socket is down", () => {
      const { autosave, sent, ok, status } = setup({ connected: false });
      const viaHttp: Sent[] = [];
      autosave.change(item("i1"), { v: 1 });
      autosave.flush((req, ack) => viaHttp.push({ req, ack }));
      expect(sent).toHaveLength(0);
      expect(viaHttp.map((s) => s.req.revision)).toEqual([1]);
      ok(viaHttp[0]);
      expect(autosave.getSnapshot().unsaved).toBe(0);
      expect(status()).toBe("offline");
    });

    it("resolves false when the changes cannot be saved in time", async () => {
      const { autosave } = setup({ connected: false });
      autosave.change(item("i1"), { v: 1 });
      autosave.flush();
      const settled = autosave.whenSettled(5_000);
      vi.advanceTimersByTime(5_000);
      await expect(settled).resolves.toBe(false);
    });
  });

  describe("paused or locked by a proctor", () => {
    it("holds a refused change, whole, and sends it on the resume", () => {
      for (const code of ["ATTEMPT_PAUSED", "ATTEMPT_LOCKED"] as const) {
        const { autosave, sent, ok, fail, status } = setup();
        autosave.change(item("i1"), { v: 1 });
        vi.advanceTimersByTime(300);
        fail(sent[0], { code, message: "held" });
        expect(autosave.getSnapshot().held).toBe(true);
        expect(autosave.getSnapshot().unsaved).toBe(1);
        autosave.change(item("i1"), { v: 2 });
        vi.advanceTimersByTime(60_000);
        expect(sent).toHaveLength(1); // nothing goes out while held, not even retries
        autosave.setHeld(false);
        vi.advanceTimersByTime(300);
        expect(sent).toHaveLength(2);
        expect(sent[1]?.req.data).toEqual({ v: 2 });
        expect(sent[1]?.req.revision).toBe(2);
        ok(sent[1]);
        expect(status()).toBe("saved");
        expect(autosave.getSnapshot().unsaved).toBe(0);
        expect(autosave.getSnapshot().closed).toBeNull();
      }
    });
  });

  describe("subscribe", () => {
    it("notifies on status changes and keeps the snapshot stable otherwise", () => {
      const { autosave } = setup();
      const listener = vi.fn();
      autosave.subscribe(listener);
      const before = autosave.getSnapshot();
      autosave.setConnected(true);
      expect(autosave.getSnapshot()).toBe(before);
      autosave.change(item("i1"), { v: 1 });
      expect(listener).toHaveBeenCalledTimes(1);
      autosave.change(item("i1"), { v: 2 });
      expect(listener).toHaveBeenCalledTimes(1);
    });
  });
});
