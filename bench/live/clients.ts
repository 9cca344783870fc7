// Forks the live benchmark's contestant processes and gathers what they report.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FromContestants, ToContestants } from "./messages.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));

type Of<T extends FromContestants["type"]> = Extract<FromContestants, { type: T }>;

export class ContestantProcesses {
  readonly children: ChildProcess[];
  /** The latest tick of each process. */
  readonly ticks: (Of<"tick"> | null)[];
  private readonly waiting = new Map<
    string,
    { got: FromContestants[]; done: (m: FromContestants[]) => void }
  >();
  private failure: Error | null = null;
  private readonly onFailure = new Set<(e: Error) => void>();

  constructor(count: number) {
    // fork reuses this process's execArgv, i.e. tsx's loader: the child runs TypeScript as we do.
    this.children = Array.from({ length: count }, () =>
      fork(path.join(HERE, "contestants.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    );
    this.ticks = this.children.map(() => null);
    this.children.forEach((child, i) => {
      child.on("message", (m: FromContestants) => {
        if (m.type === "tick") {
          this.ticks[i] = m;
          return;
        }
        const w = this.waiting.get(m.type);
        if (!w) return;
        w.got[i] = m;
        if (w.got.filter(Boolean).length === this.children.length) {
          this.waiting.delete(m.type);
          w.done(w.got);
        }
      });
      child.on("exit", (code) => {
        if (code !== 0 && !this.failure) {
          this.failure = new Error(`contestant process ${i} exited with code ${code}`);
          for (const f of this.onFailure) f(this.failure);
        }
      });
    });
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid ?? 0).filter(Boolean);
  }

  send(i: number, m: ToContestants): void {
    this.children[i]?.send(m);
  }

  broadcast(m: ToContestants): void {
    for (const c of this.children) c.send(m);
  }

  /** Resolves with one message of `type` from every process (index = process), or rejects if one dies. */
  collect<T extends FromContestants["type"]>(type: T, timeoutMs: number): Promise<Of<T>[]> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const fail = (e: Error) => {
        clearTimeout(timer);
        this.onFailure.delete(fail);
        reject(e);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(type);
        fail(new Error(`contestant processes sent no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.onFailure.add(fail);
      this.waiting.set(type, {
        got: [],
        done: (got) => {
          clearTimeout(timer);
          this.onFailure.delete(fail);
          resolve(got as Of<T>[]);
        },
      });
    });
  }

  /** Ends every process that is still there (they exit by themselves after "close"). */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => c.kill("SIGKILL"), 3000);
            c.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill("SIGTERM");
          }),
      ),
    );
  }
}
