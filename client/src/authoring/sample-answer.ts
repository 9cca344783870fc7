// "Score this sample answer": an item's truth turned into the answer a contestant would save for it
// (so scoring it gives 1), the answer checked with the kind's answer schema, and quick perturbations
// for image kinds (shift every shape by N px, drop one shape) to see the settings bite.
import type { ZodType } from "zod";
import { type TaskKind, taskAnswerSchemas } from "../../../protocol/annotations.ts";
import { ID_PATTERN } from "../../../protocol/ids.ts";

const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : String(v);

/** A shape id an answer may carry: the truth's own when it fits, else one made from the position. */
function shapeId(v: unknown, prefix: string, i: number, taken: Set<string>): string {
  const given = typeof v === "string" || typeof v === "number" ? String(v) : "";
  let id = ID_PATTERN.test(given) && !taken.has(given) ? given : `${prefix}-${i + 1}`;
  while (taken.has(id)) id = `${id}-x`;
  taken.add(id);
  return id;
}

/**
 * The answer document equal to the truth, in the kind's answer form: keypoint areas dropped, shape
 * ids made valid, a table's truth rows in the order of the columns the contestant gets, unmarked.
 */
export function truthToAnswer(kind: TaskKind, truth: unknown, payload: unknown): unknown {
  const t = rec(truth);
  const taken = new Set<string>();
  switch (kind) {
    case "BOXES":
      return {
        boxes: list(t.boxes).map((b, i) => {
          const o = rec(b);
          return {
            id: shapeId(o.id, "box", i, taken),
            label: str(o.label),
            x: num(o.x),
            y: num(o.y),
            w: num(o.w),
            h: num(o.h),
          };
        }),
      };
    case "POLYGONS":
      return {
        polygons: list(t.polygons).map((p, i) => {
          const o = rec(p);
          return {
            id: shapeId(o.id, "polygon", i, taken),
            label: str(o.label),
            points: list(o.points).map((v) => [num(list(v)[0]), num(list(v)[1])]),
          };
        }),
      };
    case "POINTS":
      return {
        points: list(t.points).map((p, i) => {
          const o = rec(p);
          return { id: shapeId(o.id, "point", i, taken), label: str(o.label), x: num(o.x), y: num(o.y) };
        }),
      };
    case "KEYPOINTS":
      return {
        instances: list(t.instances).map((p, i) => {
          const o = rec(p);
          return {
            id: shapeId(o.id, "instance", i, taken),
            label: str(o.label),
            keypoints: list(o.keypoints).map((k) => {
              const v = list(k);
              const vis = num(v[2]);
              return [num(v[0]), num(v[1]), vis === 0 || vis === 1 ? vis : 2];
            }),
          };
        }),
      };
    case "IMAGE_CLASSIFICATION":
    case "TEXT_CLASSIFICATION":
      return { labels: [...new Set(list(t.labels).map(str))] };
    case "TEXT_SPANS":
      return {
        spans: list(t.spans).map((s, i) => {
          const o = rec(s);
          return {
            id: shapeId(o.id, "span", i, taken),
            start: num(o.start),
            end: num(o.end),
            label: str(o.label),
          };
        }),
      };
    case "TRANSCRIPTION":
      return { text: str(t.text) };
    case "TABLE": {
      const header = list(t.header).map(str);
      const given = list(rec(payload).header).map(str);
      const order = given.length > 0 ? given.map((h) => header.indexOf(h)) : header.map((_, i) => i);
      const rows = list(t.rows).map((r) => {
        const cells = list(r).map(str);
        return order.map((c) => (c >= 0 ? (cells[c] ?? "") : ""));
      });
      return { rows, marks: rows.map(() => null) };
    }
  }
}

/** The first problem the kind's answer schema finds ("boxes.0.w: …"), or null when the answer is valid. */
export function answerProblem(kind: TaskKind, answer: unknown): string | null {
  const parsed = (taskAnswerSchemas[kind] as ZodType).safeParse(answer);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return "invalid";
  return `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
}

/** The kinds the perturbations apply to (shapes on an image). */
export const PERTURBABLE_KINDS: readonly TaskKind[] = ["BOXES", "POLYGONS", "POINTS", "KEYPOINTS"];

const SHAPE_FIELD: Partial<Record<TaskKind, string>> = {
  BOXES: "boxes",
  POLYGONS: "polygons",
  POINTS: "points",
  KEYPOINTS: "instances",
};

/** How many shapes the answer has (boxes, polygons, points or skeletons); 0 for other kinds. */
export function shapeCount(kind: TaskKind, answer: unknown): number {
  const field = SHAPE_FIELD[kind];
  return field ? list(rec(answer)[field]).length : 0;
}

/** Every shape moved by (dx, dy) pixels; unlabelled keypoints (visibility 0) stay at 0, 0. */
export function shiftShapes(kind: TaskKind, answer: unknown, dx: number, dy: number): unknown {
  const a = rec(answer);
  switch (kind) {
    case "BOXES":
      return {
        ...a,
        boxes: list(a.boxes).map((b) => ({ ...rec(b), x: num(rec(b).x) + dx, y: num(rec(b).y) + dy })),
      };
    case "POLYGONS":
      return {
        ...a,
        polygons: list(a.polygons).map((p) => ({
          ...rec(p),
          points: list(rec(p).points).map((v) => [num(list(v)[0]) + dx, num(list(v)[1]) + dy]),
        })),
      };
    case "POINTS":
      return {
        ...a,
        points: list(a.points).map((p) => ({ ...rec(p), x: num(rec(p).x) + dx, y: num(rec(p).y) + dy })),
      };
    case "KEYPOINTS":
      return {
        ...a,
        instances: list(a.instances).map((p) => ({
          ...rec(p),
          keypoints: list(rec(p).keypoints).map((k) => {
            const v = list(k);
            return num(v[2]) === 0 ? v : [num(v[0]) + dx, num(v[1]) + dy, v[2]];
          }),
        })),
      };
    default:
      return answer;
  }
}

/** The answer without its last shape (a missed object). */
export function dropOneShape(kind: TaskKind, answer: unknown): unknown {
  const field = SHAPE_FIELD[kind];
  if (!field) return answer;
  const a = rec(answer);
  return { ...a, [field]: list(a[field]).slice(0, -1) };
}
