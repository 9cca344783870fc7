// What the canvas needs of a tool: pointer and key events in image pixels, and the zoom for its
// on-screen tolerances. Every tool is a state machine over its kind's store.
import type { Handle, Point } from "./geometry.ts";
import type { KeyInput } from "./shape-commands.ts";

/** What a press hit besides a point: a resize handle, and the modifier keys held. */
export interface PointerTarget {
  handle?: Handle;
  /** Shift, Ctrl or Cmd: add the shape under the pointer to the selection or take it out. */
  toggle?: boolean;
  alt?: boolean;
  shift?: boolean;
}

export interface CanvasTool {
  pointerDown(p: Point, target?: PointerTarget): void;
  pointerMove(p: Point): void;
  pointerUp(p: Point): void;
  keyDown(e: KeyInput): boolean;
  /** Abandons what is in progress; returns whether there was something. */
  cancel(): boolean;
  setScale(scale: number): void;
  setEnabled(enabled: boolean): void;
}
