// Unit tests of the timeline's pointer tool: a click seeks, a drag sets the loop region.
import { describe, expect, it } from "vitest";
import { FakeFrames, FakeMedia } from "./fake-media.ts";
import { Player } from "./player.ts";
import { TimelineTool } from "./timeline-tool.ts";

/** A 10-second recording on a 500-pixel timeline: 50 px per second. */
function setup() {
  const media = new FakeMedia();
  const player = new Player({ durationMs: 10_000, frames: new FakeFrames() });
  player.attach(media);
  media.load(10);
  const tool = new TimelineTool(player, () => ({ width: 500, duration: player.getSnapshot().duration }));
  return { media, player, tool, snap: () => player.getSnapshot() };
}

describe("TimelineTool", () => {
  it("seeks where the timeline is clicked", () => {
    const { tool, snap } = setup();
    tool.pointerDown(150);
    tool.pointerMove(152);
    tool.pointerUp(152);
    expect(snap().time).toBeCloseTo(3.04);
    expect(snap().region).toBeNull();
    expect(tool.state.name).toBe("idle");
  });

  it("previews a region while dragging, then loops it from A", () => {
    const { tool, snap } = setup();
    tool.pointerDown(100);
    tool.pointerMove(160);
    expect(tool.state.name).toBe("dragging");
    expect(snap().draft).toEqual({ a: 2, b: 3.2 });
    expect(snap().region).toBeNull();
    tool.pointerMove(200);
    tool.pointerUp(200);
    expect(snap()).toMatchObject({ region: { a: 2, b: 4 }, looping: true, draft: null, time: 2 });
  });

  it("sets a region dragged right to left, clamped to the recording", () => {
    const { tool, snap } = setup();
    tool.pointerDown(450);
    tool.pointerMove(-100);
    tool.pointerUp(-100);
    expect(snap().region).toEqual({ a: 0, b: 9 });
  });

  it("drops the draft on cancel", () => {
    const { tool, snap } = setup();
    tool.pointerDown(100);
    tool.pointerMove(200);
    tool.cancel();
    expect(snap()).toMatchObject({ draft: null, region: null, looping: false });
    tool.pointerUp(200);
    expect(snap().time).toBe(0);
  });

  it("seeks instead when the dragged region is too short", () => {
    const { tool, snap } = setup();
    // 4 px on a 10 s / 500 px timeline is 0.08 s: under the shortest region.
    tool.pointerDown(100);
    tool.pointerMove(104);
    tool.pointerUp(104);
    expect(snap().region).toBeNull();
    expect(snap().time).toBeCloseTo(2.08);
  });
});
