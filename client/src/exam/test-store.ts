// For unit tests: an in-memory stand-in for the IndexedDB wrapper (lib/idb.ts), whose writes can be
// held back or made to fail, and which survives a "reload" (a new journal over the same store).
import type { KeyValueStore } from "../lib/idb.ts";

export class FakeStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  /** Every put, in order, as [key, value]. */
  readonly puts: [string, unknown][] = [];
  /** While true, puts wait until release() is called. */
  hold = false;
  /** While true, puts fail. */
  fail = false;
  private held: (() => void)[] = [];

  async entries(): Promise<[string, unknown][]> {
    return [...this.data.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  put(key: string, value: unknown): Promise<void> {
    const commit = () => {
      if (this.fail) throw new Error("QuotaExceededError");
      this.puts.push([key, value]);
      this.data.set(key, structuredClone(value));
    };
    if (!this.hold) return Promise.resolve().then(commit);
    return new Promise((resolve, reject) => {
      this.held.push(() => {
        try {
          commit();
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  /** Lets the held puts commit, in order. */
  release(): void {
    this.hold = false;
    const held = this.held;
    this.held = [];
    for (const commit of held) commit();
  }

  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  close(): void {}
}

/** Lets pending promise callbacks run (a few rounds, for chains of them). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
