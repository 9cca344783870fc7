// Pure helpers of the judge's overlay: the shapes of an image item's truth and answer (boxes,
// polygons, points, keypoint skeletons) read defensively from their documents, and their split into
// matched pairs, missed truth shapes and extra answer shapes from the score line's matches.
import type { ReviewItemLine } from "../../../protocol/index.ts";

export type OverlayShape =
  | { kind: "box"; id: string; label: string; x: number; y: number; w: number; h: number }
  | { kind: "polygon"; id: string; label: string; points: [number, number][] }
  | { kind: "point"; id: string; label: string; x: number; y: number }
  | { kind: "keypoints"; id: string; label: string; keypoints: [number, number, number][] };

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const rec = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const idOf = (o: Record<string, unknown>, i: number) =>
  typeof o.id === "string" || typeof o.id === "number" ? String(o.id) : String(i);
const labelOf = (o: Record<string, unknown>) =>
  typeof o.label === "string" || typeof o.label === "number" ? String(o.label) : "";

/** Every drawable shape of a document; anything unreadable is left out (never throws). */
export function shapesOf(doc: unknown): OverlayShape[] {
  const d = rec(doc);
  if (!d) return [];
  const out: OverlayShape[] = [];
  list(d.boxes).forEach((b, i) => {
    const o = rec(b);
    if (o && isNum(o.x) && isNum(o.y) && isNum(o.w) && isNum(o.h))
      out.push({ kind: "box", id: idOf(o, i), label: labelOf(o), x: o.x, y: o.y, w: o.w, h: o.h });
  });
  list(d.polygons).forEach((p, i) => {
    const o = rec(p);
    if (!o) return;
    const points = list(o.points).filter(
      (v): v is [number, number] => Array.isArray(v) && isNum(v[0]) && isNum(v[1]),
    );
    if (points.length >= 2)
      out.push({
        kind: "polygon",
        id: idOf(o, i),
        label: labelOf(o),
        points: points.map(([x, y]) => [x, y]),
      });
  });
  list(d.points).forEach((p, i) => {
    const o = rec(p);
    if (o && isNum(o.x) && isNum(o.y))
      out.push({ kind: "point", id: idOf(o, i), label: labelOf(o), x: o.x, y: o.y });
  });
  list(d.instances).forEach((p, i) => {
    const o = rec(p);
    if (!o) return;
    const keypoints = list(o.keypoints).map((v): [number, number, number] =>
      Array.isArray(v) && isNum(v[0]) && isNum(v[1]) ? [v[0], v[1], isNum(v[2]) ? v[2] : 2] : [0, 0, 0],
    );
    if (keypoints.some((k) => k[2] > 0))
      out.push({ kind: "keypoints", id: idOf(o, i), label: labelOf(o), keypoints });
  });
  return out;
}

/**
 * Finds a shape by a match's reference: its id, else (some scorers report positions) its index in
 * the document's order.
 */
function lookup<T extends { id: string }>(shapes: readonly T[], ref: string): T | undefined {
  const byId = shapes.find((s) => s.id === ref);
  if (byId) return byId;
  if (/^\d+$/.test(ref)) return shapes[Number(ref)];
  return undefined;
}

/**
 * Splits an item's shapes by the line's matches (truth id, answer id): matched pairs, truth shapes
 * not in any match (missed) and answer shapes not in any match (extra). Without a line nothing is
 * matched. A match naming a shape that is not there is skipped.
 */
export function classifyShapes<T extends { id: string }>(
  truth: readonly T[],
  answer: readonly T[],
  line: Pick<ReviewItemLine, "matches"> | null,
): { matched: { truth: T; answer: T; iou: number }[]; missed: T[]; extra: T[] } {
  const matched: { truth: T; answer: T; iou: number }[] = [];
  const usedTruth = new Set<T>();
  const usedAnswer = new Set<T>();
  for (const m of line?.matches ?? []) {
    const t = lookup(truth, String(m.truth));
    const a = lookup(answer, String(m.answer));
    if (!t || !a || usedTruth.has(t) || usedAnswer.has(a)) continue;
    usedTruth.add(t);
    usedAnswer.add(a);
    matched.push({ truth: t, answer: a, iou: typeof m.iou === "number" ? m.iou : 0 });
  }
  return {
    matched,
    missed: truth.filter((t) => !usedTruth.has(t)),
    extra: answer.filter((a) => !usedAnswer.has(a)),
  };
}

/** Where a shape's IoU tag goes: its top-left corner (the first labelled keypoint for skeletons). */
export function anchorOf(s: OverlayShape): { x: number; y: number } {
  switch (s.kind) {
    case "box":
      return { x: s.x, y: s.y };
    case "point":
      return { x: s.x, y: s.y };
    case "polygon":
      return {
        x: Math.min(...s.points.map((p) => p[0])),
        y: Math.min(...s.points.map((p) => p[1])),
      };
    case "keypoints": {
      const seen = s.keypoints.filter((k) => k[2] > 0);
      return {
        x: Math.min(...seen.map((k) => k[0])),
        y: Math.min(...seen.map((k) => k[1])),
      };
    }
  }
}

/** The image's size: the payload's width and height, else the extent of the shapes, else 1×1. */
export function imageSize(
  payload: unknown,
  shapes: readonly OverlayShape[],
): { width: number; height: number } {
  const p = rec(payload);
  if (p && isNum(p.width) && isNum(p.height) && p.width > 0 && p.height > 0)
    return { width: p.width, height: p.height };
  let width = 1;
  let height = 1;
  for (const s of shapes) {
    const xs =
      s.kind === "box"
        ? [s.x + s.w]
        : s.kind === "point"
          ? [s.x]
          : s.kind === "polygon"
            ? s.points.map((q) => q[0])
            : s.keypoints.map((k) => k[0]);
    const ys =
      s.kind === "box"
        ? [s.y + s.h]
        : s.kind === "point"
          ? [s.y]
          : s.kind === "polygon"
            ? s.points.map((q) => q[1])
            : s.keypoints.map((k) => k[1]);
    width = Math.max(width, ...xs);
    height = Math.max(height, ...ys);
  }
  return { width, height };
}
