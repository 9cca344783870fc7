// The timeline's pointer tool, a small state machine: a click seeks, a drag sets the loop region.
// Positions arrive in pixels along the timeline and leave as seconds.
import type { Player } from "./player.ts";

/** Pixels the pointer must move before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 4;

export type TimelineState =
  | { name: "idle" }
  | { name: "pointing"; x: number }
  | { name: "dragging"; x: number };

export interface TimelineGeometry {
  /** Width of the timeline in pixels. */
  width: number;
  /** Length of the recording in seconds. */
  duration: number;
}

export class TimelineTool {
  state: TimelineState = { name: "idle" };

  constructor(
    private readonly player: Player,
    private readonly geometry: () => TimelineGeometry,
  ) {}

  /** Seconds at `x` pixels from the timeline's left edge, clamped to the recording. */
  timeAt(x: number): number {
    const { width, duration } = this.geometry();
    if (width <= 0 || duration <= 0) return 0;
    return Math.max(0, Math.min(duration, (x / width) * duration));
  }

  pointerDown(x: number): void {
    this.state = { name: "pointing", x };
  }

  pointerMove(x: number): void {
    const s = this.state;
    if (s.name === "idle") return;
    if (s.name === "pointing" && Math.abs(x - s.x) < DRAG_THRESHOLD_PX) return;
    this.state = { name: "dragging", x: s.x };
    this.player.previewRegion(this.timeAt(s.x), this.timeAt(x));
  }

  pointerUp(x: number): void {
    const s = this.state;
    this.state = { name: "idle" };
    if (s.name === "pointing") this.player.seek(this.timeAt(x));
    else if (s.name === "dragging") {
      this.player.cancelPreview();
      if (!this.player.setRegion(this.timeAt(s.x), this.timeAt(x))) this.player.seek(this.timeAt(x));
    }
  }

  cancel(): void {
    if (this.state.name === "idle") return;
    this.state = { name: "idle" };
    this.player.cancelPreview();
  }
}
