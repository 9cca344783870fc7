// Dataset import (issue 11): every format read from a real file of it, its truth accepted by the
// task's own scorer with full credit, and every malformed upload refused with its reason.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  expectFullCredit,
  jpeg,
  label,
  read,
  refusals,
  target,
  truthAt,
  utf8,
} from "./import-test-helpers.ts";

describe("COCO", () => {
  const cocoText = fs.readFileSync(
    path.join(import.meta.dirname, "fixtures", "coco-instances_val2017_1img-sample.json"),
    "utf8",
  );
  it("reads the COCO API's sample as polygons, the crowd mask skipped, with full credit", async () => {
    const files = { "instances.json": utf8(cocoText), "images/000000448263.jpg": await jpeg(320, 240) };
    const r = await read("coco", files, target("POLYGONS"));
    expect(refusals(r)).toBe("");
    expect(r.ok).toBe(true);
    expect(r.items).toHaveLength(1);
    const item = r.items[0];
    expect(item?.payload).toEqual({ width: 320, height: 240 });
    expect(item?.media?.type).toBe("image/jpeg");
    expect(item?.sourceName).toBe("images/000000448263.jpg");
    expect(truthAt<{ polygons: unknown[] }>(r).polygons).toHaveLength(15);
    expect(r.rows.filter((row) => row.outcome === "skipped")).toHaveLength(1);
    expect(r.labelsAdded.map((l) => l.name).sort()).toEqual(["baseball glove", "person", "sports ball"]);
    expectFullCredit("POLYGONS", {}, r);
  });

  it("reads the same file as boxes from bbox", async () => {
    const files = { "instances.json": utf8(cocoText), "000000448263.jpg": await jpeg(320, 240) };
    const labels = [label("person"), label("glove", "Baseball Glove"), label("sports ball")];
    const r = await read("coco", files, target("BOXES", { labels, addLabels: false }));
    expect(refusals(r)).toBe("");
    const boxes = truthAt<{ boxes: { label: string }[] }>(r).boxes;
    expect(boxes).toHaveLength(15);
    expect(new Set(boxes.map((b) => b.label))).toEqual(new Set(["person", "glove", "sports ball"]));
    expect(r.labelsAdded).toEqual([]);
    expectFullCredit("BOXES", {}, r);
  });

  it("refuses unknown labels, a missing image and a wrong size by name, and imports nothing", async () => {
    const noImage = await read("coco", { "instances.json": utf8(cocoText) }, target("POLYGONS"));
    expect(noImage.ok).toBe(false);
    expect(noImage.items).toEqual([]);
    expect(refusals(noImage)).toContain("000000448263.jpg, which is not in the upload");
    const wrongSize = await read(
      "coco",
      { "instances.json": utf8(cocoText), "000000448263.jpg": await jpeg(321, 240) },
      target("POLYGONS"),
    );
    expect(refusals(wrongSize)).toContain("states 320×240 but 000000448263.jpg is 321×240");
    const unknown = await read(
      "coco",
      { "instances.json": utf8(cocoText), "000000448263.jpg": await jpeg(320, 240) },
      target("POLYGONS", { labels: [label("person")], addLabels: false }),
    );
    expect(unknown.ok).toBe(false);
    expect(refusals(unknown)).toMatch(/annotations\[6\] \(id \d+\): names the label "sports ball"/);
    expect(unknown.labelsAdded).toEqual([]);
  });
});
