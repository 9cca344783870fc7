// Unit tests of the player state machine, driving a fake media element frame by frame.
import { describe, expect, it } from "vitest";
import { FakeFrames, FakeMedia } from "./fake-media.ts";
import { formatTime, Player, toSpeed } from "./player.ts";

function setup(opts: { durationMs?: number; rate?: number; loaded?: number | null } = {}) {
  const media = new FakeMedia();
  const frames = new FakeFrames();
  const player = new Player({ durationMs: opts.durationMs ?? 10_000, rate: opts.rate, frames });
  const release = player.attach(media);
  if (opts.loaded !== null) media.load(opts.loaded ?? 10);
  /** Plays for `seconds`, one frame at the end. */
  const run = (seconds: number) => {
    media.advance(seconds);
    frames.step();
  };
  return { media, frames, player, release, run, snap: () => player.getSnapshot() };
}

describe("Player", () => {
  describe("loading", () => {
    it("shows the item's announced length until the media knows its own, then is ready", () => {
      const { media, snap } = setup({ durationMs: 4_200, loaded: null });
      expect(snap()).toMatchObject({ status: "loading", duration: 4.2, time: 0, playing: false });
      media.load(4.25);
      expect(snap()).toMatchObject({ status: "ready", duration: 4.25 });
    });

    it("reports a media error and then ignores play", () => {
      const { media, player, snap } = setup();
      media.fail();
      expect(snap().status).toBe("error");
      player.play();
      expect(media.paused).toBe(true);
    });
  });

  describe("play and pause", () => {
    it("plays, follows the time every frame while playing, and pauses", () => {
      const { media, frames, player, run, snap } = setup();
      player.play();
      expect(snap().playing).toBe(true);
      expect(frames.waiting).toBe(1);
      run(1.5);
      expect(snap().time).toBe(1.5);
      run(0.5);
      expect(snap().time).toBe(2);
      player.toggle();
      expect(media.paused).toBe(true);
      expect(snap().playing).toBe(false);
      expect(frames.waiting).toBe(0);
    });

    it("stays paused when the browser refuses to play", async () => {
      const { media, player, snap } = setup();
      media.refusePlay = true;
      player.play();
      await Promise.resolve();
      await Promise.resolve();
      expect(snap().playing).toBe(false);
    });

    it("stops at the end, and plays from the start again", () => {
      const { media, player, run, snap } = setup();
      player.play();
      run(12);
      expect(snap()).toMatchObject({ playing: false, time: 10 });
      player.play();
      expect(media.currentTime).toBe(0);
      expect(snap().playing).toBe(true);
    });

    it("pauses the element when released (the item is left)", () => {
      const { media, player, release } = setup();
      player.play();
      release();
      expect(media.paused).toBe(true);
      expect(media.listenerCount()).toBe(0);
      expect(player.getSnapshot().playing).toBe(false);
    });
  });

  describe("seek", () => {
    it("seeks within the recording, clamped to its ends", () => {
      const { player, snap } = setup();
      player.seek(3.5);
      expect(snap().time).toBe(3.5);
      player.seek(-4);
      expect(snap().time).toBe(0);
      player.seek(99);
      expect(snap().time).toBe(10);
    });

    it("skips back and forward by seconds", () => {
      const { player, snap } = setup();
      player.seek(5);
      player.skip(-2);
      expect(snap().time).toBe(3);
      player.skip(5);
      expect(snap().time).toBe(8);
      player.skip(5);
      expect(snap().time).toBe(10);
      player.skip(-12);
      expect(snap().time).toBe(0);
    });
  });

  describe("speed", () => {
    it("sets the element's playback rate and steps through the allowed speeds", () => {
      const { media, player, snap } = setup();
      player.faster();
      expect(snap().rate).toBe(1.25);
      expect(media.playbackRate).toBe(1.25);
      player.faster();
      player.faster();
      player.faster();
      expect(snap().rate).toBe(2);
      player.slower();
      expect(media.playbackRate).toBe(1.5);
      for (let i = 0; i < 10; i++) player.slower();
      expect(snap().rate).toBe(0.5);
      expect(media.playbackRate).toBe(0.5);
    });

    it("starts at the remembered speed, rounded to an allowed one", () => {
      const { media, snap } = setup({ rate: 0.8 });
      expect(snap().rate).toBe(0.75);
      expect(media.playbackRate).toBe(0.75);
      expect(toSpeed(1.9)).toBe(2);
    });

    it("plays faster at a higher speed", () => {
      const { player, run, snap } = setup();
      player.setRate(2);
      player.play();
      run(1);
      expect(snap().time).toBe(2);
    });
  });

  describe("loop", () => {
    it("wraps from B to A while the loop is on", () => {
      const { player, run, snap } = setup();
      player.seek(2);
      player.setPointA();
      expect(snap().pointA).toBe(2);
      player.seek(4);
      player.setPointB();
      expect(snap()).toMatchObject({ region: { a: 2, b: 4 }, looping: true, pointA: null });
      player.seek(3);
      player.play();
      run(0.5);
      expect(snap().time).toBe(3.5);
      run(0.6); // crosses B at 4
      expect(snap().time).toBe(2);
      expect(snap().playing).toBe(true);
      run(1);
      expect(snap().time).toBe(3);
    });

    it("plays on past B once the loop is turned off, and wraps again when it is turned on", () => {
      const { player, run, snap } = setup();
      player.setRegion(1, 2);
      player.toggleLoop();
      expect(snap()).toMatchObject({ looping: false, region: { a: 1, b: 2 } });
      player.play();
      run(1.5);
      expect(snap().time).toBe(2.5);
      player.seek(1.5);
      player.toggleLoop();
      run(0.7);
      expect(snap().time).toBe(1);
    });

    it("loops the whole recording when turned on without a region, past the end", () => {
      const { player, run, snap } = setup();
      player.toggleLoop();
      expect(snap()).toMatchObject({ looping: true, region: { a: 0, b: 10 } });
      player.seek(9);
      player.play();
      run(2);
      expect(snap()).toMatchObject({ time: 0, playing: true });
    });

    it("starts at A when a region is set, unless playback is already inside it", () => {
      const { player, snap } = setup();
      player.seek(8);
      player.setRegion(5, 3);
      expect(snap().region).toEqual({ a: 3, b: 5 });
      expect(snap().time).toBe(3);
      player.seek(4);
      player.setRegion(3.5, 6);
      expect(snap().time).toBe(4);
    });

    it("plays from A when play is pressed past B", () => {
      const { player, snap } = setup();
      player.setRegion(1, 3);
      player.seek(6);
      player.play();
      expect(snap().time).toBe(1);
    });

    it("does not pull a seek past B back to A: playback goes on from there", () => {
      const { player, run, snap } = setup();
      player.setRegion(1, 3);
      player.play();
      player.seek(5);
      run(1);
      expect(snap().time).toBe(6);
    });

    it("ignores a region shorter than a tenth of a second, and a B too close to A", () => {
      const { player, snap } = setup();
      expect(player.setRegion(2, 2.05)).toBe(false);
      player.seek(2);
      player.setPointA();
      player.seek(2.02);
      player.setPointB();
      expect(snap()).toMatchObject({ region: null, looping: false, pointA: 2 });
    });

    it("closes a region from the start when B is set without A", () => {
      const { player, snap } = setup();
      player.seek(3);
      player.setPointB();
      expect(snap().region).toEqual({ a: 0, b: 3 });
    });

    it("clears the loop", () => {
      const { player, snap } = setup();
      player.setRegion(1, 3);
      player.clearLoop();
      expect(snap()).toMatchObject({ region: null, looping: false, pointA: null });
    });
  });
});

describe("formatTime", () => {
  it("shows minutes, seconds and tenths", () => {
    expect(formatTime(0)).toBe("0:00.0");
    expect(formatTime(3.46)).toBe("0:03.4");
    expect(formatTime(65.3)).toBe("1:05.3");
    expect(formatTime(3725)).toBe("1:02:05.0");
    expect(formatTime(Number.NaN)).toBe("0:00.0");
  });
});
