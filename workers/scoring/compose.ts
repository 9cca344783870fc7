// Composes task and section tallies into the attempt's theory, practical and total scores.
import { ScoringInputError } from "./types.ts";

export interface SectionTally {
  earned: number;
  possible: number;
}

export interface Weights {
  theory: number;
  practical: number;
}

export const DEFAULT_WEIGHTS: Weights = { theory: 30, practical: 70 };

/** Earned may exceed possible by this share from floating-point sums; more is an error. */
const EARNED_SLACK = 1e-9;

/**
 * theory = weights.theory × earned / possible (0 when possible is 0), the same for practical, and
 * total = theory + practical, each rounded to 4 decimals. The total is the sum of the rounded
 * parts, so the three numbers shown always add up.
 */
export function composeAttemptScore(
  theory: SectionTally,
  practical: SectionTally,
  weights: Weights = DEFAULT_WEIGHTS,
): { theory: number; practical: number; total: number } {
  const t = round4(section("theory", theory, weights.theory));
  const p = round4(section("practical", practical, weights.practical));
  return { theory: t, practical: p, total: round4(t + p) };
}

function section(name: string, tally: SectionTally, weight: number): number {
  const { earned, possible } = tally;
  if (!isNonNegative(weight)) throw new ScoringInputError(`${name} weight ${weight} is not a number ≥ 0`);
  if (!isNonNegative(earned) || !isNonNegative(possible))
    throw new ScoringInputError(`${name} tally ${earned} / ${possible} is not made of numbers ≥ 0`);
  if (possible === 0) return 0;
  if (earned > possible * (1 + EARNED_SLACK))
    throw new ScoringInputError(`${name} tally earns ${earned} of only ${possible} points`);
  return (weight * Math.min(earned, possible)) / possible;
}

/** A task's earned points: the mean item score times the task's points; 0 without items. */
export function taskEarned(itemScores: number[], points: number): number {
  if (!isNonNegative(points)) throw new ScoringInputError(`task points ${points} are not a number ≥ 0`);
  if (itemScores.length === 0) return 0;
  let sum = 0;
  for (const s of itemScores) {
    if (!(Number.isFinite(s) && s >= 0 && s <= 1))
      throw new ScoringInputError(`item score ${s} is not in [0, 1]`);
    sum += s;
  }
  return (sum * points) / itemScores.length;
}

/**
 * Rounds to 4 decimals without binary artefacts: first to 15 significant digits (69.99999999999999
 * becomes 70, 1.0000499999999999 becomes 1.00005), then half away from zero on the scaled value,
 * itself cleaned the same way (1.00005 × 10⁴ is 10000.499999999998 in binary). Dividing an integer
 * by 10⁴ gives the double nearest the 4-decimal number.
 */
export function round4(x: number): number {
  if (!Number.isFinite(x)) return x;
  const clean = (v: number) => Number(v.toPrecision(15));
  const scaled = clean(clean(x) * 1e4);
  return (Math.sign(scaled) * Math.round(Math.abs(scaled))) / 1e4 + 0; // + 0: no -0
}

const isNonNegative = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;
