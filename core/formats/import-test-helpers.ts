// Helpers for the dataset import tests (core/formats/*.test.ts): generated images, targets, and
// the check that an imported truth earns full credit from the task's own scorer.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { expect } from "vitest";
import type { TaskKind } from "../../protocol/annotations.ts";
import type { DatasetFormat, LabelDef } from "../../protocol/authoring.ts";
import { scoreTaskItems } from "../../workers/processors/task-scoring.ts";
import { readDataset } from "./import.ts";
import type { DatasetReading, ImportTarget } from "./import-types.ts";

export const fixtureBytes = (name: string) =>
  new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "fixtures", name)));
export const utf8 = (s: string) => new TextEncoder().encode(s);

export async function png(width: number, height: number): Promise<Uint8Array> {
  const b = await sharp({ create: { width, height, channels: 3, background: "#888" } })
    .png()
    .toBuffer();
  return new Uint8Array(b);
}
export async function jpeg(width: number, height: number): Promise<Uint8Array> {
  const b = await sharp({ create: { width, height, channels: 3, background: "#888" } })
    .jpeg()
    .toBuffer();
  return new Uint8Array(b);
}

export function target(kind: TaskKind, over: Partial<ImportTarget> = {}): ImportTarget {
  return { kind, labels: [], settings: {}, addLabels: true, ...over };
}
export const label = (id: string, name = id): LabelDef => ({ id, name, color: "#123456" });

export const read = (format: DatasetFormat, files: Record<string, Uint8Array>, t: ImportTarget) =>
  readDataset(format, new Map(Object.entries(files)), t);

/** Every item's truth, given back as the answer, earns full credit from the task's own scorer. */
export function expectFullCredit(kind: TaskKind, settings: Record<string, unknown>, reading: DatasetReading) {
  // An item with nothing to find (an image with no objects) scores 0 for a blank answer by rule.
  const scored = reading.items.filter(
    (it) => !Object.values(it.truth as object).some((v) => Array.isArray(v) && v.length === 0),
  );
  expect(scored.length).toBeGreaterThan(0);
  const items = scored.map((it, i) => {
    let answer: unknown = it.truth;
    if (kind === "KEYPOINTS")
      answer = {
        instances: (it.truth as { instances: Record<string, unknown>[] }).instances.map(
          ({ area: _a, ...r }) => r,
        ),
      };
    if (kind === "TABLE") {
      const rows = (it.truth as { rows: string[][] }).rows;
      answer = { rows, marks: rows.map(() => null) };
    }
    return { id: `i${i}`, payload: it.payload, truth: it.truth, answer };
  });
  const scores = scoreTaskItems(kind, settings, items);
  for (const s of scores) expect(s.score).toBeCloseTo(1, 9);
}

/** The problems of every refused row, joined (for matching a reason). */
export const refusals = (r: DatasetReading) =>
  r.rows
    .filter((row) => row.outcome === "refused")
    .map((row) => `${row.where}: ${row.problems.join("; ")}`)
    .join("\n");

/** The truth of the i-th item, as the test expects it to be. */
export const truthAt = <T>(r: DatasetReading, i = 0): T => r.items[i]?.truth as T;
