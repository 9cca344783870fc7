// The view of one canvas (zoom and pan, and the frame's size) outside React: gestures set it, and
// every layer follows it in the same animation frame, so they never drift apart.
import type { Size } from "./geometry.ts";
import { IDENTITY, sameViewport, type Viewport } from "./viewport.ts";

export type ViewFollower = (v: Viewport, frame: Size) => void;

export class ViewportStore {
  private viewport: Viewport = IDENTITY;
  private frame: Size = { width: 0, height: 0 };
  private readonly followers = new Set<ViewFollower>();
  private pending = 0;

  get(): Viewport {
    return this.viewport;
  }

  frameSize(): Size {
    return this.frame;
  }

  set(v: Viewport, frame: Size = this.frame): void {
    const sameFrame = frame.width === this.frame.width && frame.height === this.frame.height;
    if (sameViewport(v, this.viewport) && sameFrame) return;
    this.viewport = v;
    this.frame = frame;
    this.schedule();
  }

  /** Called once per animation frame with the latest view, while it changes. */
  follow(follower: ViewFollower): () => void {
    this.followers.add(follower);
    this.schedule();
    return () => this.followers.delete(follower);
  }

  /** Asks every follower to catch up in the next animation frame (say, after its content changed). */
  schedule(): void {
    if (this.pending || typeof requestAnimationFrame !== "function") return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      for (const f of this.followers) f(this.viewport, this.frame);
    });
  }

  dispose(): void {
    if (this.pending) cancelAnimationFrame(this.pending);
    this.pending = 0;
    this.followers.clear();
  }
}
