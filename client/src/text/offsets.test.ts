// Unit tests of the offset conversions between the browser's UTF-16 units and the answers' code points.
import { describe, expect, it } from "vitest";
import {
  codePointLength,
  codePointToUnit,
  selectionToSpanRange,
  sliceCodePoints,
  snapRange,
  unitsToRange,
  unitToCodePoint,
} from "./offsets.ts";

const ZH = "张伟去年从北京来到深圳。";
const EN = "Alice Chen met Li Na in Beijing.";
const EMOJI = "李娜🙂在上海👩‍💻工作";

describe("unitToCodePoint", () => {
  it("is the identity on Chinese and English text (one unit per character)", () => {
    for (const text of [ZH, EN])
      for (let u = 0; u <= text.length; u++) expect(unitToCodePoint(text, u)).toBe(u);
  });

  it("counts an emoji as one code point though it takes two units", () => {
    // 李 娜 🙂(2 units) 在 上 海 👩(2) ZWJ 💻(2) 工 作
    expect(unitToCodePoint(EMOJI, 2)).toBe(2); // before 🙂
    expect(unitToCodePoint(EMOJI, 4)).toBe(3); // after 🙂
    expect(unitToCodePoint(EMOJI, 7)).toBe(6); // before 👩
    expect(unitToCodePoint(EMOJI, EMOJI.length)).toBe(codePointLength(EMOJI));
    expect(codePointLength(EMOJI)).toBe(11);
  });

  it("never cuts a surrogate pair: inside one it rounds down or up", () => {
    expect(unitToCodePoint(EMOJI, 3, "down")).toBe(2);
    expect(unitToCodePoint(EMOJI, 3, "up")).toBe(3);
  });

  it("clamps offsets outside the text", () => {
    expect(unitToCodePoint(EN, -4)).toBe(0);
    expect(unitToCodePoint(EMOJI, 99)).toBe(11);
  });
});

describe("codePointToUnit", () => {
  it("inverts unitToCodePoint at every character boundary", () => {
    for (const text of [ZH, EN, EMOJI, "a\n😀\nb"]) {
      const n = codePointLength(text);
      for (let cp = 0; cp <= n; cp++) expect(unitToCodePoint(text, codePointToUnit(text, cp))).toBe(cp);
    }
  });

  it("slices the characters of a range", () => {
    expect(sliceCodePoints(EMOJI, { start: 2, end: 6 })).toBe("🙂在上海");
    expect(sliceCodePoints(ZH, { start: 5, end: 7 })).toBe("北京");
  });
});

describe("unitsToRange", () => {
  it("orders a selection made from right to left", () => {
    expect(unitsToRange(EN, 10, 0)).toEqual({ start: 0, end: 10 });
  });

  it("is null for a collapsed selection", () => {
    expect(unitsToRange(EN, 3, 3)).toBeNull();
  });

  it("takes a whole emoji when the selection ends in the middle of it", () => {
    expect(unitsToRange(EMOJI, 0, 3)).toEqual({ start: 0, end: 3 });
    expect(unitsToRange(EMOJI, 3, 5)).toEqual({ start: 2, end: 4 });
  });
});

describe("snapRange", () => {
  it("trims white space, line breaks and full-width spaces at the edges", () => {
    const text = "  Li Na\n　北京 ";
    expect(snapRange(text, { start: 0, end: 8 })).toEqual({ start: 2, end: 7 });
    expect(sliceCodePoints(text, { start: 2, end: 7 })).toBe("Li Na");
    expect(snapRange(text, { start: 7, end: 12 })).toEqual({ start: 9, end: 11 });
  });

  it("keeps white space inside the range", () => {
    expect(snapRange(EN, { start: 0, end: 10 })).toEqual({ start: 0, end: 10 });
  });

  it("is null when only white space is selected", () => {
    expect(snapRange("a \n b", { start: 1, end: 4 })).toBeNull();
  });
});

describe("selectionToSpanRange", () => {
  it("turns a browser selection over Chinese text into code points", () => {
    const unit = ZH.indexOf("深圳");
    expect(selectionToSpanRange(ZH, unit, unit + 2)).toEqual({ start: 9, end: 11 });
  });

  it("turns a selection after an emoji into code points", () => {
    const unit = EMOJI.indexOf("上海"); // 5 units, 4 code points
    const range = selectionToSpanRange(EMOJI, unit + 2, unit);
    expect(range).toEqual({ start: 4, end: 6 });
    expect(range && sliceCodePoints(EMOJI, range)).toBe("上海");
  });

  it("trims the space a double-click or a drag takes after an English word", () => {
    const unit = EN.indexOf("Li Na");
    const range = selectionToSpanRange(EN, unit - 1, unit + 6);
    expect(range && sliceCodePoints(EN, range)).toBe("Li Na");
  });
});
