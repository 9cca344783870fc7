// The clock deadlines are judged by, injected so that deadlines are tested by moving time, not by
// sleeping. In production every process reads PostgreSQL's clock (through an offset kept fresh),
// so a server and a worker on machines whose clocks drift apart still agree on every deadline.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Reads the database's clock: one round trip, resolving to its time in milliseconds. */
export type ReadDbTime = () => Promise<number>;

/**
 * The database's clock as seen from this process: the local clock plus an offset measured against
 * PostgreSQL (half the round trip taken as the one-way delay, the fastest of a few samples kept),
 * refreshed every `refreshMs`. `now()` stays synchronous and cheap; if a refresh fails, the last
 * offset stays in use.
 */
export class DbClock implements Clock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly read: ReadDbTime,
    private readonly local: () => number,
  ) {}

  static async start(read: ReadDbTime, refreshMs = 60_000, local = () => Date.now()): Promise<DbClock> {
    const clock = new DbClock(read, local);
    await clock.sync();
    clock.timer = setInterval(() => void clock.sync().catch(() => {}), refreshMs);
    clock.timer.unref();
    return clock;
  }

  now(): Date {
    return new Date(this.local() + this.offsetMs);
  }

  /** Milliseconds the database's clock is ahead of this process's clock. */
  get offset(): number {
    return this.offsetMs;
  }

  async sync(samples = 3): Promise<void> {
    let best: { rtt: number; offset: number } | null = null;
    for (let i = 0; i < samples; i++) {
      const sent = this.local();
      const db = await this.read();
      const received = this.local();
      const rtt = received - sent;
      const offset = db - (sent + rtt / 2);
      if (!best || rtt < best.rtt) best = { rtt, offset };
    }
    if (best) this.offsetMs = Math.round(best.offset);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
