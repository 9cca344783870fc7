import { describe, expect, it } from "vitest";
import { Coalescer, type Timers } from "./progress.ts";

/** Timers that run only when the test moves time. */
class FakeTimers implements Timers {
  private t = 0;
  private seq = 0;
  private readonly queue = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.queue.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }
  get timers(): number {
    return this.queue.size;
  }
  /** Moves time forward by `ms`, running each timer at its time, and lets promises settle between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.queue) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.queue.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function setup(opts = { minIntervalMs: 250, batchDelayMs: 10 }) {
  const timers = new FakeTimers();
  const flushes: { at: number; keys: string[] }[] = [];
  let hold: Promise<void> | null = null;
  const coalescer = new Coalescer<string>(
    async (keys) => {
      flushes.push({ at: timers.now(), keys: [...keys].sort() });
      if (hold) await hold;
    },
    opts,
    timers,
  );
  return {
    timers,
    flushes,
    coalescer,
    /** Makes the next flushes wait until the returned function is called. */
    block() {
      let release = () => {};
      hold = new Promise<void>((r) => {
        release = () => {
          hold = null;
          r();
        };
      });
      return release;
    },
  };
}

describe("Coalescer", () => {
  it("sends the first change after a quiet period after the batching delay only", async () => {
    const { timers, flushes, coalescer } = setup();
    coalescer.changed("a");
    await timers.advance(9);
    expect(flushes).toEqual([]);
    await timers.advance(1);
    expect(flushes).toEqual([{ at: 10, keys: ["a"] }]);
  });

  it("batches changes of many keys within the delay into one flush", async () => {
    const { timers, flushes, coalescer } = setup();
    coalescer.changed("a");
    await timers.advance(4);
    coalescer.changed("b");
    coalescer.changed("c");
    await timers.advance(20);
    expect(flushes).toEqual([{ at: 10, keys: ["a", "b", "c"] }]);
  });

  it("flushes a key changed many times once per interval, the trailing change included", async () => {
    const { timers, flushes, coalescer } = setup();
    // A contestant saving every 20 ms for one second.
    for (let t = 0; t < 1000; t += 20) {
      coalescer.changed("a");
      await timers.advance(20);
    }
    await timers.advance(1000);
    const times = flushes.map((f) => f.at);
    expect(times[0]).toBe(10);
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(250);
    // One second of changes: the first, then at most one per 250 ms, and one after the last change.
    expect(times.length).toBeLessThanOrEqual(5);
    expect(times.at(-1)).toBeGreaterThanOrEqual(980);
    expect(coalescer.waiting).toBe(0);
  });

  it("limits each key on its own: a busy key does not hold back a quiet one", async () => {
    const { timers, flushes, coalescer } = setup();
    coalescer.changed("busy");
    await timers.advance(10);
    coalescer.changed("busy");
    coalescer.changed("quiet");
    await timers.advance(10);
    expect(flushes).toEqual([
      { at: 10, keys: ["busy"] },
      { at: 20, keys: ["quiet"] },
    ]);
    await timers.advance(250);
    expect(flushes[2]).toEqual({ at: 260, keys: ["busy"] });
  });

  it("sends at once again once a key has been quiet for the interval", async () => {
    const { timers, flushes, coalescer } = setup();
    coalescer.changed("a");
    await timers.advance(300);
    coalescer.changed("a");
    await timers.advance(10);
    expect(flushes.map((f) => f.at)).toEqual([10, 310]);
  });

  it("runs one flush at a time; changes meanwhile go out as soon as it settles", async () => {
    const { timers, flushes, coalescer, block } = setup();
    const release = block();
    coalescer.changed("a");
    await timers.advance(10);
    coalescer.changed("b");
    coalescer.changed("c");
    await timers.advance(500);
    expect(flushes).toHaveLength(1);
    release();
    await timers.advance(0);
    expect(flushes).toEqual([
      { at: 10, keys: ["a"] },
      { at: 510, keys: ["b", "c"] },
    ]);
  });

  it("keeps going after a failed flush", async () => {
    const timers = new FakeTimers();
    const seen: string[][] = [];
    const coalescer = new Coalescer<string>(
      async (keys) => {
        seen.push(keys);
        if (seen.length === 1) throw new Error("database away");
      },
      { minIntervalMs: 250, batchDelayMs: 10 },
      timers,
    );
    coalescer.changed("a");
    await timers.advance(10);
    coalescer.changed("b");
    await timers.advance(10);
    expect(seen).toEqual([["a"], ["b"]]);
  });

  it("drops what waits on close and takes no more changes", async () => {
    const { timers, flushes, coalescer } = setup();
    coalescer.changed("a");
    await coalescer.close();
    coalescer.changed("b");
    await timers.advance(1000);
    expect(flushes).toEqual([]);
    expect(timers.timers).toBe(0);
  });
});
