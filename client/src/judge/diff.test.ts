// Unit tests of the review's diffs: texts, labels, spans and tables, robust to odd documents.
import { describe, expect, it } from "vitest";
import { diffLabels, diffSpans, diffTable, diffText, labelsOf, prettyJson, textOf } from "./diff.ts";

const join = (segs: { op: string; text: string }[], ...ops: string[]) =>
  segs
    .filter((s) => ops.includes(s.op))
    .map((s) => s.text)
    .join("");

describe("diffText", () => {
  it("marks what the answer misses and what it adds, keeping both sides whole", () => {
    const segs = diffText("今天天气很好", "今天天气不好啊");
    expect(join(segs, "same", "missing")).toBe("今天天气很好");
    expect(join(segs, "same", "extra")).toBe("今天天气不好啊");
    expect(segs.filter((s) => s.op === "missing").map((s) => s.text)).toEqual(["很"]);
    expect(segs.filter((s) => s.op === "extra").map((s) => s.text)).toEqual(["不", "啊"]);
  });

  it("is all same for equal texts and handles empty sides", () => {
    expect(diffText("abc", "abc")).toEqual([{ op: "same", text: "abc" }]);
    expect(diffText("", "ab")).toEqual([{ op: "extra", text: "ab" }]);
    expect(diffText("ab", "")).toEqual([{ op: "missing", text: "ab" }]);
    expect(diffText("", "")).toEqual([]);
  });

  it("counts code points, not UTF-16 units", () => {
    const segs = diffText("a😀b", "ab");
    expect(segs.filter((s) => s.op === "missing").map((s) => s.text)).toEqual(["😀"]);
  });

  it("compares long texts line by line", () => {
    const a = `${"x".repeat(4000)}\nsecond\n`;
    const b = `${"x".repeat(4000)}\nchanged\n`;
    const segs = diffText(a, b);
    expect(join(segs, "same", "missing")).toBe(a);
    expect(join(segs, "same", "extra")).toBe(b);
    expect(segs.find((s) => s.op === "missing")?.text).toBe("second\n");
  });
});

describe("diffLabels", () => {
  it("splits chosen labels into both, missing and extra", () => {
    expect(diffLabels(["cat", "dog"], ["dog", "bird"])).toEqual({
      both: ["dog"],
      missing: ["cat"],
      extra: ["bird"],
    });
  });
  it("reads a classification document or says it is not one", () => {
    expect(labelsOf({ labels: ["a", 1] })).toEqual(["a", "1"]);
    expect(labelsOf({ text: "x" })).toBeNull();
    expect(textOf({ text: "x" })).toBe("x");
    expect(textOf(null)).toBeNull();
  });
});

describe("diffSpans", () => {
  const text = "张伟去年从北京来到深圳。";
  it("marks spans matched, missing or extra, in text order, with their text", () => {
    const rows = diffSpans(
      text,
      {
        spans: [
          { id: "t1", start: 0, end: 2, label: "PER" },
          { id: "t2", start: 5, end: 7, label: "LOC" },
        ],
      },
      {
        spans: [
          { id: "a1", start: 0, end: 2, label: "PER" },
          { id: "a2", start: 9, end: 11, label: "LOC" },
        ],
      },
    );
    expect(rows?.map((r) => `${r.text}:${r.status}`)).toEqual(["张伟:matched", "北京:missing", "深圳:extra"]);
  });
  it("treats a missing answer as empty and an unreadable document as none", () => {
    expect(diffSpans(text, { spans: [{ start: 0, end: 1, label: "X" }] }, null)?.[0]?.status).toBe("missing");
    expect(diffSpans(text, { boxes: [] }, null)).toBeNull();
    expect(diffSpans(text, { spans: [{ start: "0" }] }, null)).toBeNull();
  });
});

describe("diffTable", () => {
  const payload = {
    header: ["name", "age"],
    rows: [
      ["Ann", "3O"],
      ["Ann", "30"],
      ["Bob", "41"],
    ],
  };
  const truth = {
    header: ["name", "age"],
    rows: [
      ["Ann", "30"],
      ["Bob", "41"],
    ],
  };

  it("drops rows marked duplicate or invalid and compares cell by cell", () => {
    const d = diffTable(payload, truth, {
      rows: [
        ["Ann", "3O"],
        ["Ann", "30"],
        ["Bob", "40"],
      ],
      marks: ["invalid", null, null],
    });
    expect(d?.header).toEqual(["name", "age"]);
    expect(d?.rows.map((r) => r.differs)).toEqual([
      [false, false],
      [false, true],
    ]);
  });

  it("takes the given table for a never-saved answer, and shows extra rows", () => {
    const d = diffTable(payload, truth, null);
    expect(d?.rows).toHaveLength(3);
    expect(d?.rows[2]?.truth).toBeNull();
    expect(d?.rows[2]?.differs).toEqual([true, true]);
  });

  it("gives up on documents that are not tables", () => {
    expect(diffTable(payload, { rows: "x" }, null)).toBeNull();
    expect(diffTable(null, truth, { rows: [1] })).toBeNull();
  });
});

describe("prettyJson", () => {
  it("indents documents and shows nothing as a dash", () => {
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson(null)).toBe("—");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(prettyJson(cyclic)).toBe("[object Object]");
  });
});
