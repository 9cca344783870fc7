import { describe, expect, it } from "vitest";
import { cpuPct, matchSaves, ProgressLog, parseStat, percentile } from "./metrics.ts";

describe("percentile", () => {
  it("is the nearest rank of sorted numbers", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.95)).toBe(95);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile(xs, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe("ProgressLog and matchSaves", () => {
  it("times each save to the first progress carrying its answered count or more", () => {
    const log = new ProgressLog();
    log.seen(0, 1, 1010);
    // A coalesced push may skip a count: 3 also reaches 2.
    log.seen(0, 3, 1500);
    log.seen(0, 3, 1600);
    log.seen(1, 1, 1040);
    // Each save: contestant, answered, sentAt, acked, ackAt.
    const saves = [
      [0, 1, 1000, 1, 1005],
      [0, 2, 1400, 1, 1420],
      [0, 3, 1450, 1, 1510],
      [1, 1, 1000, 1, 1020],
    ].flat();
    const r = matchSaves(saves, log, 0, 10_000);
    expect(r.latenciesMs).toEqual([10, 40, 50, 100]);
    // The progress of the third save arrived before its acknowledgement.
    expect(r.afterAckMs).toEqual([-10, 5, 20, 80]);
    expect(r.missing).toBe(0);
  });

  it("counts acked saves never seen as missing, and leaves out refused ones and those outside the window", () => {
    const log = new ProgressLog();
    log.seen(0, 1, 1100);
    const saves = [
      [0, 1, 1000, 1, 1050],
      [0, 2, 2000, 1, 2010],
      [1, 1, 2000, 0, 0],
      [2, 1, 500, 1, 510],
      [2, 2, 9000, 1, 9010],
    ].flat();
    const r = matchSaves(saves, log, 900, 5000);
    expect(r.latenciesMs).toEqual([100]);
    expect(r.missing).toBe(1);
    expect(r.notAcked).toBe(1);
    expect(r.outsideWindow).toBe(2);
  });

  it("forgets everything on clear", () => {
    const log = new ProgressLog();
    log.seen(3, 2, 10);
    expect(log.reached(3, 2)).toBe(10);
    log.clear();
    expect(log.reached(3, 1)).toBeNull();
  });
});

describe("process figures", () => {
  it("reads the group, CPU ticks and resident pages from /proc/<pid>/stat, a name with spaces included", () => {
    const fields = ["S", "1", "4242"];
    for (let i = 3; i <= 22; i++) fields.push(String(i * 10));
    const stat = `123 (node (a) b) ${fields.join(" ")}`;
    // utime is field 11 after the name, stime 12, rss 21.
    expect(parseStat(stat)).toEqual({ pgrp: 4242, ticks: 110 + 120, rssPages: 210 });
  });

  it("gives CPU as percent of one core", () => {
    expect(cpuPct({ cpuS: 1, at: 0 }, { cpuS: 2.5, at: 1000 })).toBe(150);
    expect(cpuPct({ cpuS: 1, at: 5 }, { cpuS: 2, at: 5 })).toBe(0);
  });
});
