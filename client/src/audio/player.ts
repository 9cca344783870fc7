// The audio player as a plain state machine outside React: it drives a media element (the page's
// <audio>, or a fake in tests) and keeps what the controls show — playing or paused, the time, the
// speed and a loop region that playback wraps around. Times are seconds.

/** What the player needs of an HTMLMediaElement. */
export interface MediaLike {
  currentTime: number;
  playbackRate: number;
  readonly duration: number;
  readonly paused: boolean;
  play(): Promise<void> | undefined;
  pause(): void;
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** requestAnimationFrame and cancelAnimationFrame, injected so that tests step frames by hand. */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
export type Speed = (typeof SPEEDS)[number];

/** A loop region shorter than this is a click, not a region. */
export const MIN_REGION_S = 0.1;

export interface Region {
  a: number;
  b: number;
}

export type PlayerStatus = "loading" | "ready" | "error";

export interface PlayerSnapshot {
  status: PlayerStatus;
  playing: boolean;
  time: number;
  duration: number;
  rate: Speed;
  /** Point A of a loop being set (the B button then closes the region), or null. */
  pointA: number | null;
  region: Region | null;
  /** Playback wraps from region.b to region.a. */
  looping: boolean;
  /** The region being dragged on the timeline, not yet set. */
  draft: Region | null;
}

export interface PlayerOptions {
  /** The length the item announces, shown until the media's own is known. */
  durationMs: number;
  rate?: number;
  frames?: FrameScheduler;
}

const MEDIA_EVENTS = [
  "loadedmetadata",
  "durationchange",
  "canplay",
  "play",
  "pause",
  "ended",
  "timeupdate",
  "seeked",
  "ratechange",
  "error",
] as const;

const browserFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
};

/** The nearest allowed speed. */
export function toSpeed(rate: number): Speed {
  let best: Speed = 1;
  for (const s of SPEEDS) if (Math.abs(s - rate) < Math.abs(best - rate)) best = s;
  return best;
}

/** "m:ss.s", e.g. 1:05.3; hours when needed. */
export function formatTime(seconds: number): string {
  const tenths = Math.max(0, Math.floor((Number.isFinite(seconds) ? seconds : 0) * 10 + 1e-6));
  const s = Math.floor(tenths / 10);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = `${String(s % 60).padStart(2, "0")}.${tenths % 10}`;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

export class Player {
  private state: PlayerSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly frames: FrameScheduler;
  private media: MediaLike | null = null;
  private frame: number | null = null;
  /** The time at the last check, to see playback cross point B. */
  private lastTime = 0;

  constructor(options: PlayerOptions) {
    this.frames = options.frames ?? browserFrames;
    this.state = {
      status: "loading",
      playing: false,
      time: 0,
      duration: Math.max(0, options.durationMs / 1000),
      rate: toSpeed(options.rate ?? 1),
      pointA: null,
      region: null,
      looping: false,
      draft: null,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PlayerSnapshot => this.state;

  /** Starts driving `media`; returns the function that lets it go (and pauses it). */
  attach(media: MediaLike): () => void {
    this.detach();
    this.media = media;
    media.playbackRate = this.state.rate;
    for (const type of MEDIA_EVENTS) media.addEventListener(type, this.onMediaEvent);
    this.syncFromMedia();
    return () => {
      if (this.media === media) this.detach();
    };
  }

  private detach(): void {
    const media = this.media;
    if (!media) return;
    for (const type of MEDIA_EVENTS) media.removeEventListener(type, this.onMediaEvent);
    if (!media.paused) media.pause();
    this.media = null;
    this.stopFrames();
    this.set({ playing: false });
  }

  // --- transport ---

  play(): void {
    const media = this.media;
    if (!media || this.state.status === "error") return;
    const { region, looping, duration } = this.state;
    // Playing from past the loop's end (or from the very end) starts the loop (or the file) again.
    if (looping && region && media.currentTime >= region.b) this.seekMedia(region.a);
    else if (duration > 0 && media.currentTime >= duration - 0.01) this.seekMedia(0);
    const started = media.play();
    // The browser may refuse (autoplay policy, no output device): the element stays paused.
    if (started) started.catch(() => this.syncFromMedia());
    this.syncFromMedia();
  }

  pause(): void {
    this.media?.pause();
    this.syncFromMedia();
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  seek(time: number): void {
    if (!this.media) return;
    this.seekMedia(this.clamp(time));
    this.syncFromMedia();
  }

  /** Moves by `delta` seconds (negative: back). */
  skip(delta: number): void {
    this.seek((this.media?.currentTime ?? this.state.time) + delta);
  }

  // --- speed ---

  setRate(rate: number): void {
    const speed = toSpeed(rate);
    if (this.media) this.media.playbackRate = speed;
    this.set({ rate: speed });
  }

  slower(): void {
    const i = SPEEDS.indexOf(this.state.rate);
    this.setRate(SPEEDS[Math.max(0, i - 1)] ?? 1);
  }

  faster(): void {
    const i = SPEEDS.indexOf(this.state.rate);
    this.setRate(SPEEDS[Math.min(SPEEDS.length - 1, i + 1)] ?? 1);
  }

  // --- loop ---

  /** Point A at the current time; a region already set is dropped. */
  setPointA(): void {
    this.set({ pointA: this.currentTime(), region: null, looping: false });
  }

  /** Point B at the current time: closes the region from A (or from the start) and loops it. */
  setPointB(): void {
    const b = this.currentTime();
    const a = this.state.pointA ?? 0;
    if (Math.abs(b - a) < MIN_REGION_S) return;
    this.setRegion(Math.min(a, b), Math.max(a, b));
  }

  /** Loops `a`–`b` (in either order), and starts from `a` unless already inside it. False if too short. */
  setRegion(a: number, b: number): boolean {
    const region = { a: this.clamp(Math.min(a, b)), b: this.clamp(Math.max(a, b)) };
    if (region.b - region.a < MIN_REGION_S) return false;
    this.set({ region, pointA: null, looping: true, draft: null });
    const t = this.currentTime();
    if (t < region.a || t >= region.b) this.seek(region.a);
    return true;
  }

  /** Loop on or off; turned on without a region, the whole recording loops. */
  toggleLoop(): void {
    if (this.state.looping) {
      this.set({ looping: false });
      return;
    }
    const region = this.state.region ?? (this.state.duration > 0 ? { a: 0, b: this.state.duration } : null);
    if (region) this.set({ region, looping: true, pointA: null });
  }

  clearLoop(): void {
    this.set({ region: null, pointA: null, looping: false, draft: null });
  }

  /** Shows a region being dragged, outside the loop until setRegion. */
  previewRegion(a: number, b: number): void {
    this.set({ draft: { a: this.clamp(Math.min(a, b)), b: this.clamp(Math.max(a, b)) } });
  }

  cancelPreview(): void {
    if (this.state.draft) this.set({ draft: null });
  }

  // --- time ---

  /**
   * Checks the time: wraps at point B when the loop is on, and updates the display. Runs every
   * frame while playing (a media element's timeupdate comes only about four times a second).
   */
  tick = (): void => {
    const media = this.media;
    if (!media) return;
    const { region, looping } = this.state;
    const t = media.currentTime;
    if (looping && region && this.lastTime < region.b && t >= region.b) {
      this.seekMedia(region.a);
      // At the end of the file the element has stopped by itself: the loop goes on.
      if (media.paused && t >= this.state.duration - 0.05) media.play()?.catch(() => this.syncFromMedia());
    }
    this.syncFromMedia();
  };

  private onMediaEvent = (): void => {
    this.tick();
  };

  private currentTime(): number {
    return this.media?.currentTime ?? this.state.time;
  }

  private seekMedia(time: number): void {
    if (!this.media) return;
    this.lastTime = time; // first: a seek is not playback crossing B
    this.media.currentTime = time;
  }

  private clamp(t: number): number {
    const d = this.state.duration;
    return Math.max(0, d > 0 ? Math.min(t, d) : t);
  }

  private syncFromMedia(): void {
    const media = this.media;
    if (!media) return;
    const duration =
      Number.isFinite(media.duration) && media.duration > 0 ? media.duration : this.state.duration;
    const playing = !media.paused;
    const time = media.currentTime;
    this.lastTime = time;
    const status: PlayerStatus =
      this.state.status === "error" || isErrored(media)
        ? "error"
        : Number.isFinite(media.duration) && media.duration > 0
          ? "ready"
          : this.state.status;
    if (playing) this.startFrames();
    else this.stopFrames();
    const s = this.state;
    if (s.playing !== playing || s.time !== time || s.duration !== duration || s.status !== status)
      this.set({ playing, time, duration, status });
  }

  private startFrames(): void {
    if (this.frame !== null) return;
    const loop = () => {
      this.frame = null;
      if (!this.media || this.media.paused) return;
      this.tick();
    };
    this.frame = this.frames.request(loop);
  }

  private stopFrames(): void {
    if (this.frame === null) return;
    this.frames.cancel(this.frame);
    this.frame = null;
  }

  private set(patch: Partial<PlayerSnapshot>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

function isErrored(media: MediaLike): boolean {
  const error = (media as { error?: unknown }).error;
  return error !== null && error !== undefined;
}
