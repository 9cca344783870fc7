// Unit tests of the answer journal over an in-memory stand-in for IndexedDB, and of autosave with a
// journal: kept before sent, marked acknowledged, replayed in the order of the changes.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Ack, SaveAnswerRequest, SaveAnswerResult } from "../../../protocol/index.ts";
import { Autosave } from "./autosave.ts";
import { AnswerJournal, journalDatabaseName, openLocalCopy, targetFromKey } from "./journal.ts";
import { FakeStore, settle } from "./test-store.ts";

const item = (id: string) => ({ kind: "item" as const, id });
const question = (id: string) => ({ kind: "question" as const, id });
const quiet = () => ({ warn: vi.fn(), error: vi.fn() });

function journalOver(store: FakeStore, opts: { writeTimeoutMs?: number } = {}) {
  const log = quiet();
  let t = 1_000;
  return { journal: new AnswerJournal(store, { log, now: () => ++t, ...opts }), log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("AnswerJournal", () => {
  it("keeps each target's latest document with its revision, and reads it back after a reload", async () => {
    const store = new FakeStore();
    const { journal } = journalOver(store);
    await journal.write(item("i1"), 1, { boxes: [] });
    await journal.write(question("q1"), 5, { choice: "A" });
    await journal.write(item("i1"), 2, { boxes: [{ id: "a" }] });
    expect([...store.data.keys()]).toEqual(["item:i1", "question:q1"]);
    expect(store.data.get("item:i1")).toMatchObject({
      v: 1,
      revision: 2,
      acked: 0,
      data: { boxes: [{ id: "a" }] },
    });

    // The page is reloaded (or the browser crashed): a new journal over the same database.
    const again = journalOver(store).journal;
    const { records, corrupt } = await again.load();
    expect(corrupt).toEqual([]);
    expect(records.map((r) => [r.target.id, r.revision])).toEqual([
      ["q1", 5],
      ["i1", 2],
    ]);
    // Sequence numbers go on from what was read.
    await again.write(question("q1"), 6, { choice: "B" });
    expect(again.records().map((r) => r.target.id)).toEqual(["i1", "q1"]);
  });

  it("marks revisions acknowledged, never going back", async () => {
    const store = new FakeStore();
    const { journal } = journalOver(store);
    await journal.write(item("i1"), 3, { boxes: [] });
    expect(journal.unacked().map((r) => r.revision)).toEqual([3]);
    journal.acked(item("i1"), 3);
    journal.acked(item("i1"), 2);
    journal.acked(item("other"), 9); // nothing kept for it: nothing to mark
    await journal.idle();
    expect(store.data.get("item:i1")).toMatchObject({ revision: 3, acked: 3 });
    expect(journal.unacked()).toEqual([]);
    expect(store.data.has("item:other")).toBe(false);
  });

  it("has one write per target on its way and then writes only the latest document", async () => {
    const store = new FakeStore();
    store.hold = true;
    const { journal } = journalOver(store);
    const done = [1, 2, 3, 4].map((rev) => journal.write(item("i1"), rev, { v: rev }));
    store.release();
    await Promise.all(done);
    await journal.idle();
    expect(store.puts.map(([, v]) => (v as { revision: number }).revision)).toEqual([1, 4]);
    expect(store.data.get("item:i1")).toMatchObject({ revision: 4, data: { v: 4 } });
  });

  it("writes a change at once, and the latest state of a fast drag about every 100 ms", async () => {
    vi.useFakeTimers();
    const store = new FakeStore();
    const { journal } = journalOver(store);
    void journal.write(item("i1"), 1, { v: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.puts).toHaveLength(1);
    for (let rev = 2; rev <= 61; rev++) {
      void journal.write(item("i1"), rev, { v: rev }); // one pointer move per frame for a second
      await vi.advanceTimersByTimeAsync(16);
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(store.puts.length).toBeGreaterThanOrEqual(9);
    expect(store.puts.length).toBeLessThanOrEqual(12);
    expect(store.data.get("item:i1")).toMatchObject({ revision: 61, data: { v: 61 } });
  });

  it("reports a failed write, and recovers when writing works again", async () => {
    const store = new FakeStore();
    const { journal, log } = journalOver(store);
    const statuses: string[] = [];
    journal.onStatus(() => statuses.push(journal.status));
    store.fail = true;
    await expect(journal.write(item("i1"), 1, {})).rejects.toThrow("QuotaExceededError");
    expect(journal.status).toBe("failed");
    expect(log.error).toHaveBeenCalled();
    store.fail = false;
    await journal.write(item("i1"), 2, {});
    expect(statuses).toEqual(["failed", "ok"]);
  });

  it("gives up on a write that does not finish in time", async () => {
    vi.useFakeTimers();
    const store = new FakeStore();
    store.hold = true;
    const { journal } = journalOver(store, { writeTimeoutMs: 2_000 });
    const write = journal.write(item("i1"), 1, {});
    const result = write.then(
      () => "ok",
      (e: Error) => e.message,
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await result).toMatch(/longer than 2000 ms/);
    expect(journal.status).toBe("failed");
  });

  it("deletes, logs and reports records it cannot read", async () => {
    const store = new FakeStore();
    const good = {
      v: 1,
      target: item("i1"),
      revision: 2,
      acked: 1,
      seq: 4,
      changedAt: 1,
      data: { boxes: [] },
    };
    store.data.set("item:i1", good);
    store.data.set("item:i2", { ...good, target: item("i2"), revision: "two" });
    store.data.set("item:i3", { ...good, target: item("i1") }); // does not match its key
    store.data.set("question:q1", "garbage");
    store.data.set("junk", null);
    const { journal, log } = journalOver(store);
    const { records, corrupt } = await journal.load();
    expect(records).toEqual([good]);
    expect(corrupt.map((c) => [c.key, c.target])).toEqual([
      ["item:i2", item("i2")],
      ["item:i3", item("i3")],
      ["junk", null],
      ["question:q1", question("q1")],
    ]);
    expect(corrupt[0]?.reason).toMatch(/revision/);
    expect(log.warn).toHaveBeenCalledTimes(4);
    await settle();
    expect([...store.data.keys()]).toEqual(["item:i1"]);
  });

  it("parses target keys", () => {
    expect(targetFromKey("item:cmx75l83r001eml7d2umny5eg")).toEqual(item("cmx75l83r001eml7d2umny5eg"));
    // Ids are letters, digits, _ and - (protocol/ids.ts): a key with a second colon is not a target.
    expect(targetFromKey("item:abc:def")).toBeNull();
    expect(targetFromKey("question:q")).toEqual(question("q"));
    expect(targetFromKey("box:q")).toBeNull();
    expect(targetFromKey("item:")).toBeNull();
  });
});

describe("openLocalCopy", () => {
  it("opens the attempt's own database and reads it", async () => {
    const store = new FakeStore();
    await new AnswerJournal(store).write(item("i1"), 1, { boxes: [] });
    const open = vi.fn(async () => store);
    const local = await openLocalCopy("att-9", open, { log: quiet() });
    expect(open).toHaveBeenCalledWith(journalDatabaseName("att-9"), "targets");
    expect(local.journal).not.toBeNull();
    expect(local.records.map((r) => r.target)).toEqual([item("i1")]);
  });

  it("goes on without a local copy when IndexedDB cannot be opened", async () => {
    const log = quiet();
    const local = await openLocalCopy(
      "att",
      async () => {
        throw new Error("no IndexedDB in this browser");
      },
      { log },
    );
    expect(local).toEqual({ journal: null, records: [], corrupt: [] });
    expect(log.error).toHaveBeenCalled();
  });

  it("keeps writing to a journal whose records cannot be read, and says so", async () => {
    const store = new FakeStore();
    store.entries = () => Promise.reject(new Error("UnknownError"));
    const local = await openLocalCopy("att", async () => store, { log: quiet() });
    expect(local.journal).not.toBeNull();
    expect(local.corrupt).toEqual([{ key: "*", target: null, reason: "Error: UnknownError" }]);
  });
});

describe("Autosave with a journal", () => {
  interface Sent {
    req: SaveAnswerRequest;
    ack: (res: Ack<SaveAnswerResult>) => void;
  }
  const ok = (s: Sent | undefined) =>
    s?.ack({ data: { revision: s.req.revision, savedAt: "2021-06-01T08:00:00.000Z", duplicate: false } });

  function setup(connected = true) {
    vi.useFakeTimers();
    const store = new FakeStore();
    const { journal } = journalOver(store);
    const sent: Sent[] = [];
    const autosave = new Autosave({
      attemptId: "att",
      connected,
      journal,
      emit: (req, ack) => sent.push({ req, ack }),
    });
    return { store, journal, sent, autosave };
  }

  it("keeps every change on this computer at once, and sends it only once it is kept", async () => {
    const { store, sent, autosave } = setup();
    store.hold = true;
    autosave.change(item("i1"), { v: 1 });
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toHaveLength(0); // the debounce is over, but the journal does not have it yet
    store.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.data.get("item:i1")).toMatchObject({ revision: 1, acked: 0, data: { v: 1 } });
    expect(sent.map((s) => s.req.revision)).toEqual([1]);
  });

  it("writes before the network debounce is over", async () => {
    const { store, autosave } = setup();
    autosave.change(question("q1"), { choice: "A" });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.data.get("question:q1")).toMatchObject({ revision: 1, data: { choice: "A" } });
  });

  it("marks the journal record acknowledged when the server's ack comes", async () => {
    const { store, sent, autosave } = setup();
    autosave.change(item("i1"), { v: 1 });
    await vi.advanceTimersByTimeAsync(300);
    autosave.change(item("i1"), { v: 2 });
    ok(sent[0]);
    await vi.advanceTimersByTimeAsync(100); // writes of one target are 100 ms apart
    expect(store.data.get("item:i1")).toMatchObject({ revision: 2, acked: 1 });
    await vi.advanceTimersByTimeAsync(300);
    ok(sent[1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.data.get("item:i1")).toMatchObject({ revision: 2, acked: 2 });
    expect(autosave.getSnapshot()).toMatchObject({ status: "saved", unsaved: 0, journal: "ok" });
  });

  it("still sends when the journal cannot keep a change, and says the copy failed", async () => {
    const { store, sent, autosave } = setup();
    store.fail = true;
    autosave.change(item("i1"), { v: 1 });
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toHaveLength(1);
    expect(autosave.getSnapshot().journal).toBe("failed");
  });

  it("journals the new revision when it overtakes a stale one", async () => {
    const { store, sent, autosave } = setup();
    autosave.change(item("i1"), { v: "mine" });
    await vi.advanceTimersByTimeAsync(300);
    sent[0]?.ack({ error: { code: "STALE_REVISION", message: "", details: { currentRevision: 7 } } });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.data.get("item:i1")).toMatchObject({ revision: 8, data: { v: "mine" } });
    expect(sent.map((s) => s.req.revision)).toEqual([1, 8]);
  });

  it("replays what changed offline in the order of the changes, one latest document per target", async () => {
    const { store, sent, autosave } = setup(false);
    autosave.change(item("i1"), { v: 1 });
    autosave.change(question("q1"), { choice: "A" });
    autosave.change(item("i2"), { v: 1 });
    autosave.change(item("i1"), { v: 2 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(autosave.getSnapshot()).toMatchObject({ status: "offline", unsaved: 3, journal: "ok" });
    expect(store.data.size).toBe(3);
    autosave.setConnected(true);
    expect(sent.map((s) => [s.req.target.id, s.req.revision, s.req.data])).toEqual([
      ["q1", 1, { choice: "A" }],
      ["i2", 1, { v: 1 }],
      ["i1", 2, { v: 2 }],
    ]);
    for (const s of sent) ok(s);
    await vi.advanceTimersByTimeAsync(0);
    expect([...store.data.values()].map((r) => (r as { acked: number }).acked)).toEqual([2, 1, 1]);
  });

  it("restores journaled changes after a reload and sends them when connected", async () => {
    const { sent, autosave } = setup(false);
    autosave.restore(item("i1"), 5, { v: "kept" });
    autosave.restore(question("q1"), 2, { choice: "B" });
    autosave.restore(item("i1"), 4, { v: "older" }); // not newer than what it has: ignored
    expect(autosave.getSnapshot()).toMatchObject({ status: "offline", unsaved: 2 });
    expect(autosave.unsavedTargets()).toEqual([item("i1"), question("q1")]);
    autosave.setConnected(true);
    expect(sent.map((s) => [s.req.target.id, s.req.revision])).toEqual([
      ["i1", 5],
      ["q1", 2],
    ]);
  });

  it("holds restored changes back while held, and sends them when let go", async () => {
    const { sent, autosave } = setup(true);
    autosave.setHeld(true);
    autosave.restore(item("i1"), 5, { v: "kept" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(0);
    expect(autosave.getSnapshot()).toMatchObject({ status: "error", held: true, unsaved: 1 });
    autosave.setHeld(false);
    expect(sent.map((s) => s.req.revision)).toEqual([5]);
  });
});
