// The result every scorer returns for a whole answer set: the CLI prints it as JSON.
import type { ItemScore } from "./types.ts";

export const SCORING_KINDS = [
  "boxes",
  "polygons",
  "points",
  "keypoints",
  "classification",
  "spans",
  "transcription",
  "table",
  "detections",
] as const;
export type ScoringKind = (typeof SCORING_KINDS)[number];

/** Options as the CLI passes them: `--iou 0.5` → { iou: "0.5" }, `--multi-label` → { "multi-label": true }. */
export type CliOptions = Record<string, string | boolean>;

export interface ScoreResult {
  kind: ScoringKind;
  scorerVersion: string;
  /** Mean of the item scores (for detections: the primary AP figure), in [0, 1]. */
  score: number;
  items: ItemScore[];
  /** Kind-specific figures: AP for detections, cer / wer for transcription, … */
  [extra: string]: unknown;
}
