// Unit tests of the result page's pure helpers, with the real zh-CN and English strings.
import { describe, expect, it } from "vitest";
import { en, zh } from "../i18n/areas/results.ts";
import {
  explainAdjustment,
  explainItem,
  formatAnswer,
  formatPercent,
  formatPoints,
  meanOverlap,
  type Translate,
} from "./explain.ts";

/** A translator over the results area: "results.a.b" looks up a.b and fills {{params}}. */
function translator(strings: unknown): Translate {
  return (key, params = {}) => {
    let node: unknown = strings;
    for (const part of key.replace(/^results\./, "").split("."))
      node = (node as Record<string, unknown>)[part];
    if (typeof node !== "string") throw new Error(`missing ${key}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name]));
  };
}

describe("explainItem", () => {
  it("says what matched, was missed and was extra, with the mean overlap", () => {
    const item = { matched: 3, missed: 1, extra: 2, overlaps: [0.9, 0.8, 0.76] };
    expect(explainItem(translator(zh), item)).toBe("匹配 3 个，遗漏 1 个，多标 2 个；平均重叠度 0.82");
    expect(explainItem(translator(en), item)).toBe("3 matched, 1 missed, 2 extra; mean overlap 0.82");
  });

  it("leaves the overlap out when the kind has none", () => {
    const item = { matched: 2, missed: 0, extra: 1, overlaps: [] };
    expect(explainItem(translator(zh), item)).toBe("匹配 2 个，遗漏 0 个，多标 1 个");
    expect(explainItem(translator(en), item)).toBe("2 matched, 0 missed, 1 extra");
  });

  it("says so when there was nothing to mark and nothing was marked", () => {
    const item = { matched: 0, missed: 0, extra: 0, overlaps: [] };
    expect(explainItem(translator(en), item)).toBe(en.explain.nothing);
    expect(explainItem(translator(zh), item)).toBe(zh.explain.nothing);
  });
});

describe("figures", () => {
  it("formats points, percentages and overlaps", () => {
    expect(formatPoints(24.5)).toBe("24.5");
    expect(formatPoints(30)).toBe("30");
    expect(formatPoints(7.2549)).toBe("7.25");
    expect(formatPercent(0.825)).toBe("83%");
    expect(formatPercent(1)).toBe("100%");
    expect(meanOverlap([])).toBeNull();
    expect(meanOverlap([0.5, 1])).toBe("0.75");
  });

  it("shows a theory answer or key as option ids or true/false", () => {
    const t = translator(en);
    expect(formatAnswer(t, { choice: "b" })).toBe("b");
    expect(formatAnswer(t, { choices: ["a", "c"] })).toBe("a, c");
    expect(formatAnswer(t, { value: true })).toBe("True");
    expect(formatAnswer(translator(zh), { value: false })).toBe("错误");
    expect(formatAnswer(t, null)).toBeNull();
    expect(formatAnswer(t, { choices: [] })).toBeNull();
  });
});

describe("explainAdjustment", () => {
  it("says what the scorer gave and what the judges set, with their reason", () => {
    const item = { score: 1, adjusted: { scorer: 0.4, reason: "标准答案漏标一个目标" } };
    expect(explainAdjustment(translator(zh), item)).toBe(
      "裁判调整：评分程序给出 40%，调整为 100%（标准答案漏标一个目标）",
    );
    expect(explainAdjustment(translator(en), item)).toBe(
      "Adjusted by the judges: the scorer gave 40%, now 100% (标准答案漏标一个目标)",
    );
  });
  it("is null when the scorer's share stands", () => {
    expect(explainAdjustment(translator(en), { score: 0.5, adjusted: null })).toBeNull();
  });
});
