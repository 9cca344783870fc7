// The worker's two timers, driven by PostgreSQL and the process's own clock rather than by jobs kept
// in Redis: every tick, attempts past their deadline are frozen; every sweep, scoring is recovered
// (lost jobs queued again, outage failures retried, real failures flagged). A Redis restarted empty
// loses nothing these timers need.
import type { Logger } from "../platform/logger.ts";
import type { AttemptCloser } from "./attempt-closer.ts";
import type { RecoveryReport, ScoringRecovery } from "./scoring-recovery.ts";

export interface SweepReport extends RecoveryReport {
  closed: number;
}

export class AttemptSweeper {
  private tickTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> | null = null;
  private sweeping: Promise<unknown> | null = null;
  private failingSince: number | null = null;

  constructor(
    private readonly closer: AttemptCloser,
    private readonly recovery: ScoringRecovery,
    private readonly log: Logger,
    private readonly tickMs: number,
    private readonly sweepMs: number,
  ) {}

  start(): void {
    this.tickTimer = setInterval(() => this.runTick(), this.tickMs);
    this.sweepTimer = setInterval(() => this.runSweep(), this.sweepMs);
  }

  /** Both at once, now: at start and in tests. */
  async sweep(): Promise<SweepReport> {
    const closed = await this.closer.closeOverdue();
    const recovered = await this.recovery.recover();
    return { closed, ...recovered };
  }

  private runTick(): void {
    // One pass at a time: a slow database must not pile passes up.
    if (this.ticking) return;
    this.ticking = this.closer
      .closeOverdue()
      .then(() => this.healthy())
      .catch((e) => this.failed("closing overdue attempts", e))
      .finally(() => {
        this.ticking = null;
      });
  }

  private runSweep(): void {
    if (this.sweeping) return;
    this.sweeping = this.recovery
      .recover()
      .then((r) => {
        if (r.retried || r.flagged) this.log.info(r, "scoring recovered");
      })
      .catch((e) => this.failed("recovering scoring", e))
      .finally(() => {
        this.sweeping = null;
      });
  }

  private healthy(): void {
    if (this.failingSince !== null)
      this.log.info({ downMs: Date.now() - this.failingSince }, "deadline checks work again");
    this.failingSince = null;
  }

  private failed(what: string, e: unknown): void {
    // During an outage this would fail every second: say it once, then every minute.
    const now = Date.now();
    if (this.failingSince === null || (now - this.failingSince) % 60_000 < this.tickMs)
      this.log.warn({ err: e instanceof Error ? e.message : String(e) }, `${what} failed; retrying`);
    this.failingSince ??= now;
  }

  async stop(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.tickTimer = this.sweepTimer = null;
    await Promise.allSettled([this.ticking, this.sweeping]);
  }
}
