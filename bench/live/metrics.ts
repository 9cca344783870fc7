// The live benchmark's figures: save → progress latencies matched by answered count, percentiles, and
// the CPU and memory of a set of process groups read from /proc.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** Nearest-rank percentile of numbers sorted ascending; null for none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? null;
}

export const round = (n: number | null, digits = 1): number | null =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * What the proctor saw: for each contestant, when each answered count was first reached. A
 * progress event with `answered` n also reports every count below it not yet seen (a coalesced push
 * carries the latest value only).
 */
export class ProgressLog {
  private readonly firstSeen = new Map<number, number[]>();

  seen(contestant: number, answered: number, at: number): void {
    let list = this.firstSeen.get(contestant);
    if (!list) {
      list = [];
      this.firstSeen.set(contestant, list);
    }
    for (let n = list.length + 1; n <= answered; n++) list[n - 1] = at;
  }

  /** When the contestant's answered count first reached `answered`, or null if it never did. */
  reached(contestant: number, answered: number): number | null {
    return this.firstSeen.get(contestant)?.[answered - 1] ?? null;
  }

  /** Forgets everything (a new phase whose counts start again). */
  clear(): void {
    this.firstSeen.clear();
  }
}

export interface MatchResult {
  /** Latency of each matched save, ms, sorted ascending. */
  latenciesMs: number[];
  /** For the same saves, from the contestant's acknowledgement to the proctor's progress, sorted. */
  afterAckMs: number[];
  /** Acknowledged saves whose progress never reached the proctor. */
  missing: number;
  /** Saves left out: refused or unanswered (errors), or sent outside the measured window. */
  notAcked: number;
  outsideWindow: number;
}

/**
 * Matches saves (flat quintuples, see FromContestants "result") with the proctor's log: the latency
 * of a save is from its sending to the first progress with its answered count or more. Only saves
 * sent in [fromMs, toMs) count. The part after the acknowledgement is what the progress fan-out adds
 * to the save path (negative when the progress beat the acknowledgement).
 */
export function matchSaves(
  saves: readonly number[],
  log: ProgressLog,
  fromMs: number,
  toMs: number,
): MatchResult {
  const latenciesMs: number[] = [];
  const afterAckMs: number[] = [];
  let missing = 0;
  let notAcked = 0;
  let outsideWindow = 0;
  for (let i = 0; i + 4 < saves.length; i += 5) {
    const contestant = saves[i] as number;
    const answered = saves[i + 1] as number;
    const sentAt = saves[i + 2] as number;
    const ok = saves[i + 3] === 1;
    const ackAt = saves[i + 4] as number;
    if (sentAt < fromMs || sentAt >= toMs) {
      outsideWindow++;
      continue;
    }
    if (!ok) {
      notAcked++;
      continue;
    }
    const at = log.reached(contestant, answered);
    if (at === null) missing++;
    else {
      latenciesMs.push(Math.max(0, at - sentAt));
      afterAckMs.push(at - ackAt);
    }
  }
  latenciesMs.sort((a, b) => a - b);
  afterAckMs.sort((a, b) => a - b);
  return { latenciesMs, afterAckMs, missing, notAcked, outsideWindow };
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Parses /proc/<pid>/stat: process group, CPU ticks (user + system) and resident pages. */
export function parseStat(stat: string): { pgrp: number; ticks: number; rssPages: number } {
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command: state(0) ppid(1) pgrp(2) … utime(11) stime(12) … rss(21).
  return { pgrp: Number(f[2]), ticks: Number(f[11]) + Number(f[12]), rssPages: Number(f[21]) };
}

const PAGE = (() => {
  try {
    return Number(execFileSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).trim()) || 4096;
  } catch {
    return 4096;
  }
})();

/** CPU seconds used so far and resident memory now of the given processes. */
export function usageOf(pids: readonly number[]): { cpuS: number; rssMb: number; at: number } {
  let ticks = 0;
  let pages = 0;
  for (const pid of pids) {
    try {
      const s = parseStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
      ticks += s.ticks;
      pages += s.rssPages;
    } catch {
      // ended
    }
  }
  return { cpuS: ticks / CLK_TCK, rssMb: (pages * PAGE) / 2 ** 20, at: Date.now() };
}

/** Percent of one core used between two readings (200 = both cores of a 2-core machine). */
export function cpuPct(a: { cpuS: number; at: number }, b: { cpuS: number; at: number }): number {
  const s = (b.at - a.at) / 1000;
  return s > 0 ? ((b.cpuS - a.cpuS) / s) * 100 : 0;
}
