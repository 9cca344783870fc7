// A media element for tests: time moves only when the test says so, events fire as a browser's do.
import type { FrameScheduler, MediaLike } from "./player.ts";

export class FakeMedia implements MediaLike {
  playbackRate = 1;
  paused = true;
  duration = Number.NaN;
  error: { code: number } | null = null;
  /** Make play() reject, as a browser does under its autoplay policy. */
  refusePlay = false;
  private time = 0;
  private readonly listeners = new Map<string, Set<() => void>>();

  get currentTime(): number {
    return this.time;
  }
  set currentTime(t: number) {
    this.time = Number.isFinite(this.duration) ? Math.max(0, Math.min(this.duration, t)) : Math.max(0, t);
    this.emit("seeked");
  }

  play(): Promise<void> {
    if (this.refusePlay) return Promise.reject(new Error("NotAllowedError"));
    if (this.paused) {
      this.paused = false;
      this.emit("play");
    }
    return Promise.resolve();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.emit("pause");
  }

  addEventListener(type: string, listener: () => void): void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** The metadata arrives: the real length is known. */
  load(duration: number): void {
    this.duration = duration;
    this.emit("loadedmetadata");
  }

  fail(): void {
    this.error = { code: 4 };
    this.emit("error");
  }

  /** Plays for `seconds` of wall time at the current rate (no event: frames see it), ending as a browser does. */
  advance(seconds: number): void {
    if (this.paused) return;
    this.time += seconds * this.playbackRate;
    if (Number.isFinite(this.duration) && this.time >= this.duration) {
      this.time = this.duration;
      this.paused = true;
      this.emit("pause");
      this.emit("ended");
    }
  }

  emit(type: string): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l();
  }
}

/** Frames run when the test calls step(). */
export class FakeFrames implements FrameScheduler {
  private next = 1;
  private readonly pending = new Map<number, () => void>();

  request(callback: () => void): number {
    const h = this.next++;
    this.pending.set(h, callback);
    return h;
  }

  cancel(handle: number): void {
    this.pending.delete(handle);
  }

  get waiting(): number {
    return this.pending.size;
  }

  step(): void {
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const cb of callbacks) cb();
  }
}
