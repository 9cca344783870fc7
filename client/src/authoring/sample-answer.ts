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
export function truthToAnswer(
  kind: TaskKind,
  truth: unknown,
  payload: unknown,
  /** TABLE: the key column rows pair by (the task's settings.key), if any. */
  settingsKey?: string,
): unknown {
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
    case "TABLE":
      return tableAnswerFromTruth(t, rec(payload), settingsKey);
  }
}

/**
 * A table's truth as the contestant's answer: one answer row per row given (the answer schema and
 * the server want exactly those), each truth row written over the given row it cleans and every
 * other given row marked — "duplicate" when its key (or its cells) repeat a kept row's, else
 * "invalid". Truth rows pair with given rows by the key column when the task has one, else in order,
 * each with the most alike given row that still leaves room for the rest.
 */
function tableAnswerFromTruth(
  truth: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: string | undefined,
): { rows: string[][]; marks: ("duplicate" | "invalid" | null)[] } {
  const truthHeader = list(truth.header).map(str);
  const given = list(payload.header).map(str);
  const header = given.length > 0 ? given : truthHeader;
  const order = header.map((h) => truthHeader.indexOf(h));
  const truthRows = list(truth.rows).map((r) => {
    const cells = list(r).map(str);
    return order.map((c) => (c >= 0 ? (cells[c] ?? "") : ""));
  });
  const givenRows = list(payload.rows).map((r) => list(r).map(str));
  if (givenRows.length === 0) return { rows: truthRows, marks: truthRows.map(() => null) };
  const norm = (v: string) => v.normalize("NFKC").trim();
  const alike = (a: string[], b: string[]) =>
    a.reduce((n, c, i) => n + (norm(c) === norm(b[i] ?? "") ? 1 : 0), 0);
  const pairOf = new Map<number, number>(); // given row → truth row
  const used = new Set<number>();
  const k = key !== undefined ? header.indexOf(key) : -1;
  const unpaired: number[] = [];
  if (k >= 0) {
    truthRows.forEach((row, ti) => {
      const gi = givenRows.findIndex((g, i) => !used.has(i) && norm(g[k] ?? "") === norm(row[k] ?? ""));
      if (gi < 0) unpaired.push(ti);
      else {
        used.add(gi);
        pairOf.set(gi, ti);
      }
    });
    for (const ti of unpaired) {
      const gi = givenRows.findIndex((_, i) => !used.has(i));
      if (gi < 0) break;
      used.add(gi);
      pairOf.set(gi, ti);
    }
  } else {
    let from = 0;
    truthRows.forEach((row, ti) => {
      const last = givenRows.length - (truthRows.length - ti);
      if (from >= givenRows.length) return;
      let best = from;
      for (let gi = from; gi <= Math.max(from, last); gi++)
        if (alike(row, givenRows[gi] ?? []) > alike(row, givenRows[best] ?? [])) best = gi;
      pairOf.set(best, ti);
      from = best + 1;
    });
  }
  const kept = [...pairOf.values()].map((ti) => truthRows[ti] ?? []);
  const rows: string[][] = [];
  const marks: ("duplicate" | "invalid" | null)[] = [];
  givenRows.forEach((g, gi) => {
    const ti = pairOf.get(gi);
    if (ti !== undefined) {
      rows.push(truthRows[ti] ?? g);
      marks.push(null);
      return;
    }
    rows.push(g);
    const repeats = kept.some((r) =>
      k >= 0 ? norm(r[k] ?? "") === norm(g[k] ?? "") : r.length === g.length && alike(r, g) === r.length,
    );
    marks.push(repeats ? "duplicate" : "invalid");
  });
  return { rows, marks };
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
