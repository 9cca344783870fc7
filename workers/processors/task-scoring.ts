// Scores the items of one task by its kind: protocol documents (the contestant's answer and the
// hidden truth, stored in the same form) turned into the inputs of the pure scorers.
//
// The truth is the paper author's: a truth the scorer cannot read is an error of the paper and
// stops the attempt's scoring (ScoringInputError names the item). The answer passed the protocol
// schema and the item's checks when it was saved; what is left that a scorer may still refuse (a
// self-intersecting polygon, say) costs the contestant that one shape, counted as an extra one,
// and never the whole attempt.
//
// The task's settings are parsed by the kind's strict schema (protocol/task-settings.ts): a key the
// kind does not know or a value of the wrong type is an error of the paper (ScoringInputError), never
// a silent default. Polygons are checked by the one validity rule the save check uses
// (protocol/polygon.ts polygonProblem). Blank answers score 0 on every kind.
import {
  type BoxesAnswer,
  type ClassificationAnswer,
  type KeypointsAnswer,
  type PointsAnswer,
  type PolygonsAnswer,
  parseTaskSettings,
  polygonProblem,
  type SpansAnswer,
  type TableAnswer,
  type TaskKind,
  type TranscriptionAnswer,
  taskAnswerSchemas,
} from "../../protocol/index.ts";
import {
  type BoxShape,
  DEFAULT_TABLE_OPTIONS,
  DEFAULT_TRANSCRIPTION_OPTIONS,
  type ItemScore,
  type KeypointInstance,
  type PolygonShape,
  ScoringInputError,
  scoreBoxesItem,
  scoreClassificationItem,
  scoreKeypointsItem,
  scorePointsItem,
  scorePolygonsItem,
  scoreSpansItem,
  scoreTableItem,
  scoreTableWork,
  scoreTranscriptionItem,
} from "../scoring/index.ts";
import { regionOf } from "../scoring/polygon-geometry.ts";

export interface ItemToScore {
  id: string;
  /** Item.payload: what the contestant was given (the text, the dirty table). */
  payload: unknown;
  /** GroundTruth.data, or null when the item has none (an error of the paper). */
  truth: unknown;
  /** The saved answer, or null when the contestant saved none. */
  answer: unknown;
}

/** Task.settings as stored: parsed here by the kind's schema. */
type Settings = unknown;

/** The settings of a task of `kind`, defaults filled in, or a ScoringInputError. */
function settingsOf<K extends TaskKind>(kind: K, settings: Settings) {
  const parsed = parseTaskSettings(kind, settings);
  if (!parsed.success) throw new ScoringInputError(`the task's settings are invalid: ${parsed.error}`);
  return parsed.data;
}

/** The truth as a document of the kind, or a ScoringInputError naming the item. */
function truthOf<K extends TaskKind>(kind: K, item: ItemToScore, extra?: (truth: unknown) => unknown) {
  if (item.truth === null || item.truth === undefined)
    throw new ScoringInputError(`item ${item.id} has no ground truth`, item.id);
  // Keypoint truths carry an `area` per instance, which the answer schema does not have.
  const parsed = taskAnswerSchemas[kind].safeParse(extra ? extra(item.truth) : item.truth);
  if (!parsed.success)
    throw new ScoringInputError(
      `item ${item.id}: the ground truth is not a ${kind} document: ${parsed.error.issues[0]?.message ?? ""}`,
      item.id,
    );
  return parsed.data;
}

/** The saved answer, or the kind's empty document when there is none or it no longer parses. */
function answerOf<K extends TaskKind>(kind: K, item: ItemToScore, empty: unknown) {
  const parsed = taskAnswerSchemas[kind].safeParse(item.answer ?? empty);
  return parsed.success ? parsed.data : taskAnswerSchemas[kind].parse(empty);
}

/** Adds `extra` false positives to an F1-scored item (shapes the scorer could not read). */
function withExtra(score: ItemScore, extra: number): ItemScore {
  if (extra === 0) return score;
  const fp = score.fp + extra;
  const denominator = 2 * score.tp + fp + score.fn;
  return { ...score, fp, score: denominator === 0 ? 1 : (2 * score.tp) / denominator };
}

const stripKeypointArea = (truth: unknown) => {
  const t = truth as { instances?: unknown };
  if (!Array.isArray(t?.instances)) return truth;
  return {
    instances: t.instances.map((i) => {
      if (!i || typeof i !== "object") return i;
      const { area: _area, ...rest } = i as Record<string, unknown>;
      return rest;
    }),
  };
};

/** A keypoint instance's area: the truth's own, else the box around its labelled keypoints. */
function areaOf(truth: unknown, index: number, keypoints: readonly (readonly number[])[]): number {
  const given = (truth as { instances?: { area?: unknown }[] }).instances?.[index]?.area;
  if (typeof given === "number" && given > 0) return given;
  const labelled = keypoints.filter((k) => k[2] !== 0);
  const xs = labelled.map((k) => k[0] ?? 0);
  const ys = labelled.map((k) => k[1] ?? 0);
  const area = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
  return area > 0 ? area : 1;
}

/** Scores every item of a task of `kind` with the task's settings. */
export function scoreTaskItems(
  kind: TaskKind,
  settings: Settings,
  items: readonly ItemToScore[],
): ItemScore[] {
  const parsed = settingsOf(kind, settings);
  return items.map((item) => scoreItem(kind, parsed, item));
}

/**
 * Whether a contestant's polygon is scored: the save check's rule (protocol polygonProblem), and
 * the geometry can read it (its exact predicates may refuse a ring the rule's float tests let
 * through, in degenerate cases only). An answer polygon that is not scored counts as an extra one.
 */
export function scorablePolygon(points: readonly (readonly [number, number])[]): boolean {
  if (polygonProblem(points) !== null) return false;
  try {
    regionOf([[points]]);
    return true;
  } catch {
    return false;
  }
}

function scoreItem(kind: TaskKind, parsedSettings: unknown, item: ItemToScore): ItemScore {
  const { id } = item;
  switch (kind) {
    case "BOXES": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"BOXES">>;
      const truth = truthOf("BOXES", item) as BoxesAnswer;
      const answer = answerOf("BOXES", item, { boxes: [] }) as BoxesAnswer;
      return scoreBoxesItem(id, truth.boxes as BoxShape[], answer.boxes as BoxShape[], {
        iouThreshold: settings.iouThreshold,
        credit: settings.credit,
      });
    }
    case "POLYGONS": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"POLYGONS">>;
      const toShape = (p: PolygonsAnswer["polygons"][number]): PolygonShape => ({
        id: p.id,
        label: p.label,
        polygons: [[p.points]],
      });
      const truth = (truthOf("POLYGONS", item) as PolygonsAnswer).polygons.map(toShape);
      const saved = (answerOf("POLYGONS", item, { polygons: [] }) as PolygonsAnswer).polygons;
      const all = saved.map(toShape);
      const readable = all.filter((_, k) => scorablePolygon(saved[k]?.points ?? []));
      const score = scorePolygonsItem(id, truth, readable, {
        iouThreshold: settings.iouThreshold,
        credit: settings.credit,
      });
      return withExtra(score, all.length - readable.length);
    }
    case "POINTS": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"POINTS">>;
      const truth = truthOf("POINTS", item) as PointsAnswer;
      const answer = answerOf("POINTS", item, { points: [] }) as PointsAnswer;
      return scorePointsItem(id, truth.points, answer.points, { radius: settings.radius });
    }
    case "KEYPOINTS": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"KEYPOINTS">>;
      const truthDoc = truthOf("KEYPOINTS", item, stripKeypointArea) as KeypointsAnswer;
      const truth: KeypointInstance[] = truthDoc.instances.map((inst, i) => ({
        ...inst,
        area: areaOf(item.truth, i, inst.keypoints),
      }));
      const answer = (answerOf("KEYPOINTS", item, { instances: [] }) as KeypointsAnswer).instances;
      const length = truth[0]?.keypoints.length ?? answer[0]?.keypoints.length ?? 1;
      const sigmas = settings.sigmas ?? Array.from({ length }, () => 0.079);
      return scoreKeypointsItem(id, truth, answer, { sigmas, oksThreshold: settings.oksThreshold });
    }
    case "IMAGE_CLASSIFICATION":
    case "TEXT_CLASSIFICATION": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"IMAGE_CLASSIFICATION">>;
      const truth = truthOf(kind, item) as ClassificationAnswer;
      const answer = answerOf(kind, item, { labels: [] }) as ClassificationAnswer;
      return scoreClassificationItem(id, truth.labels, answer.labels, {
        multiLabel: settings.multiLabel,
      });
    }
    case "TEXT_SPANS": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"TEXT_SPANS">>;
      const text = (item.payload as { text?: unknown } | null)?.text;
      if (typeof text !== "string") throw new ScoringInputError(`item ${id} has no text`, id);
      const truth = truthOf("TEXT_SPANS", item) as SpansAnswer;
      const answer = answerOf("TEXT_SPANS", item, { spans: [] }) as SpansAnswer;
      return scoreSpansItem(id, text, truth.spans, answer.spans, { partial: settings.partial });
    }
    case "TRANSCRIPTION": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"TRANSCRIPTION">>;
      const truth = truthOf("TRANSCRIPTION", item) as TranscriptionAnswer;
      const answer = answerOf("TRANSCRIPTION", item, { text: "" }) as TranscriptionAnswer;
      return scoreTranscriptionItem(id, truth.text, answer.text, {
        ...DEFAULT_TRANSCRIPTION_OPTIONS,
        cerIgnoreSpace: settings.cerIgnoreSpace,
      });
    }
    case "TABLE": {
      const settings = parsedSettings as ReturnType<typeof settingsOf<"TABLE">>;
      const given = item.payload as { header?: unknown; rows?: unknown } | null;
      if (!given || !Array.isArray(given.header) || !Array.isArray(given.rows))
        throw new ScoringInputError(`item ${id} has no table`, id);
      const header = given.header.map(String);
      const truth = item.truth as { header?: unknown; rows?: unknown } | null;
      if (!truth || !Array.isArray(truth.header) || !Array.isArray(truth.rows))
        throw new ScoringInputError(`item ${id}: the ground truth is not a table`, id);
      // Never saved: the table as it was given, with nothing marked.
      const rowsGiven = (given.rows as unknown[][]).map((r) => r.map(String));
      const answer = answerOf("TABLE", item, {
        rows: rowsGiven,
        marks: rowsGiven.map(() => null),
      }) as TableAnswer;
      const truthTable = {
        header: truth.header.map(String),
        rows: (truth.rows as unknown[][]).map((r) => r.map(String)),
      };
      const answerTable = { header, rows: answer.rows.filter((_, i) => answer.marks[i] === null) };
      const options = {
        ...DEFAULT_TABLE_OPTIONS,
        ...(settings.key !== undefined ? { key: settings.key } : {}),
      };
      // Work done: measured from the table as given, nothing marked (docs/SCORING-CREDIT.md).
      return settings.credit === "cells"
        ? scoreTableItem(id, truthTable, answerTable, options)
        : scoreTableWork(id, truthTable, { header, rows: rowsGiven }, answerTable, options);
    }
  }
}
