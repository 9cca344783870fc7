// Pascal VOC: round trip, a real labelImg annotation file, escaping, the strict XML reader's
// refusals (DOCTYPE/entities, size, malformed markup) and every malformed object named by position.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DatasetImage } from "./dataset.ts";
import { escapeXml, fromVoc, parseXml, toVoc, VOC_MAX_BYTES } from "./voc.ts";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

const image: DatasetImage = {
  file: "T-001/1.png",
  width: 640,
  height: 480,
  boxes: [
    { id: "b1", label: "car", x: 10.5, y: 20.25, w: 100, h: 50.755 },
    { id: "b2", label: "行人 <&>\"'", x: 600, y: 400, w: 40, h: 80 },
  ],
  polygons: [
    {
      id: "p1",
      label: "car",
      points: [
        [300, 100],
        [340, 110],
        [330, 200],
      ],
    },
  ],
};

const voc = (objects: string, size = "<size><width>100</width><height>50</height><depth>3</depth></size>") =>
  `<annotation><filename>a.png</filename>${size}${objects}</annotation>`;
const obj = (name: string, box: [number, number, number, number]) =>
  `<object><name>${name}</name><bndbox><xmin>${box[0]}</xmin><ymin>${box[1]}</ymin><xmax>${box[2]}</xmax><ymax>${box[3]}</ymax></bndbox></object>`;

describe("VOC writing and reading back", () => {
  it("round-trips boxes (x, y, x + w, y + h to 2 decimals, no +1) and escapes text", () => {
    const { xml, leftOut } = toVoc(image);
    expect(leftOut).toBe(1);
    expect(xml).toContain("<filename>T-001/1.png</filename>");
    expect(xml).toContain("<folder>T-001</folder>");
    expect(xml).toContain("<depth>3</depth>");
    expect(xml).toContain("<name>行人 &lt;&amp;&gt;&quot;&apos;</name>");
    expect(xml).toContain("<xmin>10.5</xmin>");
    expect(xml).toContain("<ymax>71.01</ymax>");
    const back = fromVoc(xml, "T-001/1.xml");
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.value).toMatchObject({ file: "T-001/1.png", width: 640, height: 480, polygons: [] });
    expect(back.value.boxes).toEqual([
      { id: "o1", label: "car", x: 10.5, y: 20.25, w: 100, h: expect.closeTo(50.76, 6) },
      { id: "o2", label: "行人 <&>\"'", x: 600, y: 400, w: 40, h: 80 },
    ]);
  });

  it("writes polygons' bounding boxes only when asked", () => {
    const { xml, leftOut } = toVoc(image, { polygonsAsBoxes: true });
    expect(leftOut).toBe(0);
    const back = fromVoc(xml, "x.xml");
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.value.boxes[2]).toEqual({ id: "o3", label: "car", x: 300, y: 100, w: 40, h: 100 });
  });

  it("reads a real labelImg annotation (raccoon dataset): three boxes", () => {
    const back = fromVoc(fixture("voc-raccoon-119.xml"), "raccoon-119.xml", { labels: ["raccoon"] });
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.value).toMatchObject({ file: "raccoon-119.jpg", width: 400, height: 533 });
    expect(back.value.boxes.map(({ x, y, w, h }) => [x, y, w, h])).toEqual([
      [16, 62, 346, 291],
      [211, 359, 66, 43],
      [198, 392, 82, 81],
    ]);
  });

  it("names each malformed object by file and position", () => {
    const text = voc(
      obj("car", [1, 1, 10, 10]) +
        obj("", [1, 1, 10, 10]) +
        obj("truck", [1, 1, 10, 10]) +
        obj("car", [10, 1, 10, 10]) +
        obj("car", [1, 10, 5, 5]) +
        obj("car", [50, 10, 120, 20]) +
        "<object><name>car</name></object>",
    );
    const back = fromVoc(text, "a.xml", { labels: ["car"] });
    expect(back.ok).toBe(false);
    if (!back.ok)
      expect(back.problems).toEqual([
        { where: "a.xml object 2", message: "has no <name>" },
        { where: "a.xml object 3", message: "names truck, which is not one of the labels" },
        { where: "a.xml object 4", message: "has xmax ≤ xmin" },
        { where: "a.xml object 5", message: "has ymax ≤ ymin" },
        { where: "a.xml object 6", message: expect.stringContaining("outside the image") },
        { where: "a.xml object 7", message: expect.stringContaining("<bndbox>") },
      ]);
  });

  it("refuses a file without a size, or with another root", () => {
    const noSize = fromVoc(voc(obj("car", [1, 1, 2, 2]), ""), "b.xml");
    expect(noSize).toEqual({
      ok: false,
      problems: [{ where: "b.xml", message: expect.stringContaining("<size>") }],
    });
    const other = fromVoc("<svg/>", "c.xml");
    expect(other.ok).toBe(false);
  });
});

describe("the strict XML reader", () => {
  it("reads declarations, comments, attributes, entities and character references", () => {
    const el = parseXml(
      `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><a v='1' w="x&amp;y"><b>&lt;&#x4E2D;&#25991;&gt;</b><c/></a>\n`,
    );
    expect(el.attributes).toEqual({ v: "1", w: "x&y" });
    expect(el.children.map((c) => [c.name, c.text])).toEqual([
      ["b", "<中文>"],
      ["c", ""],
    ]);
  });

  it.each([
    ['<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', /DOCTYPE/],
    ["<a>&x;</a>", /entity &x;/],
    ["<a>a & b</a>", /&amp;/],
    ["<a><![CDATA[x]]></a>", /CDATA/],
    ["<a><b></a>", /closes/],
    ["<a></a><b/>", /after its root/],
    ["<a>", /ends inside/],
    ["text", /outside its root|no root/],
    ["<a><?pi x?></a>", /processing instruction/],
  ])("refuses %s", (text, message) => {
    expect(() => parseXml(text)).toThrow(message);
  });

  it("refuses a file over the size limit before reading it", () => {
    expect(() => parseXml(`<a>${" ".repeat(VOC_MAX_BYTES)}</a>`)).toThrow(/larger than/);
  });

  it("escapes the five XML characters", () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe("a&amp;b&lt;c&gt;d&quot;e&apos;f");
  });
});
