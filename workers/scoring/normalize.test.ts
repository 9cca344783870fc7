import { describe, expect, it } from "vitest";
import {
  codePoints,
  collapseWhitespace,
  normalizeText,
  removePunctuation,
  toNormalWidth,
  whitespaceTokens,
} from "./normalize.ts";

const ALL = { width: true, punctuation: true, whitespace: true, caseFold: true };
const NONE = { width: false, punctuation: false, whitespace: false, caseFold: false };

describe("normalize", () => {
  it("maps full-width ASCII and the ideographic space to ASCII", () => {
    expect(toNormalWidth("ＡＢＣ１２３！？　ｘ")).toBe("ABC123!? x");
    expect(toNormalWidth("～")).toBe("~");
  });

  it("maps half-width katakana to full-width, joining voiced marks", () => {
    expect(toNormalWidth("ｶﾞｷﾞ")).toBe("ガギ");
    expect(toNormalWidth("｢ｱ｣")).toBe("「ア」");
  });

  it("leaves other compatibility characters alone", () => {
    expect(toNormalWidth("①²ﬁ")).toBe("①²ﬁ");
  });

  it("removes Chinese and ASCII punctuation", () => {
    expect(removePunctuation("你好，世界！“引号”（括号）《书名》【注】…—、；：")).toBe(
      "你好世界引号括号书名注",
    );
    expect(removePunctuation(`a!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~b`)).toBe("ab");
  });

  it("collapses and trims whitespace, including the ideographic space and no-break space", () => {
    expect(collapseWhitespace("  a \t\n b\u3000\u00a0c  ")).toBe("a b c");
  });

  it("applies each step only when asked", () => {
    const text = "  Ｈｅｌｌｏ，  World！ ";
    expect(normalizeText(text, NONE)).toBe(text);
    expect(normalizeText(text, ALL)).toBe("hello world");
    expect(normalizeText(text, { ...NONE, width: true })).toBe("  Hello,  World! ");
    expect(normalizeText(text, { ...NONE, punctuation: true })).toBe("  Ｈｅｌｌｏ  World ");
    expect(normalizeText(text, { ...NONE, whitespace: true })).toBe("Ｈｅｌｌｏ， World！");
    expect(normalizeText(text, { ...NONE, caseFold: true })).toBe("  ｈｅｌｌｏ，  world！ ");
  });

  it("always composes to NFC", () => {
    expect(normalizeText("e\u0301", NONE)).toBe("\u00e9");
  });

  it("counts code points, not UTF-16 units", () => {
    expect(codePoints("a😀𠀀中")).toEqual(["a", "😀", "𠀀", "中"]);
    expect(whitespaceTokens("  a  b ")).toEqual(["a", "b"]);
    expect(whitespaceTokens("")).toEqual([]);
  });
});
