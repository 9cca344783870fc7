// Scores a theory question (single choice, multiple choice, true/false) against its key.
import { ScoringInputError } from "./types.ts";

export type QuestionKind = "SINGLE_CHOICE" | "MULTIPLE_CHOICE" | "TRUE_FALSE";
export type QuestionKey = { choice: string } | { choices: string[] } | { value: boolean };

export interface QuestionOptions {
  scoring?: "all-or-nothing" | "partial";
  /** The question's id, named in the error for a malformed key. */
  id?: string;
}

/**
 * The share of the question's points earned, in [0, 1].
 * - SINGLE_CHOICE, TRUE_FALSE: 1 for the key's choice / value, else 0.
 * - MULTIPLE_CHOICE, "all-or-nothing" (default): 1 when the set of chosen options equals the key's
 *   set, else 0.
 * - MULTIPLE_CHOICE, "partial": max(0, (correct chosen − wrong chosen) / |key|), where "correct
 *   chosen" counts chosen options in the key and "wrong chosen" chosen options not in it; a
 *   repeated choice counts once. Choosing everything thus earns nothing extra for guessing.
 * A missing, null or malformed answer scores 0. A malformed key (or kind, or scoring mode) throws
 * ScoringInputError.
 */
export function scoreQuestion(
  kind: QuestionKind,
  key: QuestionKey,
  answer: unknown | null,
  options: QuestionOptions = {},
): number {
  const scoring = options.scoring ?? "all-or-nothing";
  const fail = (what: string): never => {
    const who = options.id === undefined ? "question" : `question ${options.id}`;
    throw new ScoringInputError(`${who}: ${what}`, options.id);
  };
  if (scoring !== "all-or-nothing" && scoring !== "partial") fail(`unknown scoring mode ${String(scoring)}`);
  const k = (typeof key === "object" && key !== null ? key : {}) as Record<string, unknown>;
  const a = (typeof answer === "object" && answer !== null ? answer : {}) as Record<string, unknown>;
  switch (kind) {
    case "SINGLE_CHOICE": {
      if (typeof k.choice !== "string" || k.choice === "") return fail("single-choice key has no choice");
      return a.choice === k.choice ? 1 : 0;
    }
    case "TRUE_FALSE": {
      if (typeof k.value !== "boolean") return fail("true/false key has no boolean value");
      return a.value === k.value ? 1 : 0;
    }
    case "MULTIPLE_CHOICE": {
      const keyChoices = k.choices;
      if (!Array.isArray(keyChoices) || keyChoices.length === 0 || !keyChoices.every(isChoice))
        return fail("multiple-choice key needs a non-empty list of choices");
      const correct = new Set(keyChoices);
      if (correct.size !== keyChoices.length) return fail("multiple-choice key repeats a choice");
      if (!Array.isArray(a.choices) || !a.choices.every(isChoice)) return 0;
      const chosen = new Set(a.choices);
      let right = 0;
      for (const c of chosen) if (correct.has(c)) right++;
      const wrong = chosen.size - right;
      if (scoring === "all-or-nothing") return right === correct.size && wrong === 0 ? 1 : 0;
      return Math.max(0, (right - wrong) / correct.size);
    }
    default:
      return fail(`unknown question kind ${String(kind)}`);
  }
}

const isChoice = (c: unknown): c is string => typeof c === "string" && c !== "";
