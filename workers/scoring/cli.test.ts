import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli.ts";

describe("parseCliArgs", () => {
  it("reads the kind, the files and every other option", () => {
    expect(
      parseCliArgs([
        "--kind",
        "table",
        "--truth=t.csv",
        "--answer",
        "a.csv",
        "--key",
        "id",
        "--ignore-case",
        "--iou",
        "0.3",
        "--voc-plus-one",
      ]),
    ).toEqual({
      kind: "table",
      truth: "t.csv",
      answer: "a.csv",
      options: { key: "id", "ignore-case": true, iou: "0.3", "voc-plus-one": true },
    });
  });

  it("never reads a value after a text kind's flag", () => {
    expect(() =>
      parseCliArgs(["--kind", "classification", "--multi-label", "x", "--truth", "t", "--answer", "a"]),
    ).toThrow(/unexpected argument "x"/);
  });

  it("refuses a missing or unknown kind, missing files, short options, repeats and positionals", () => {
    expect(() => parseCliArgs(["--truth", "t", "--answer", "a"])).toThrow(/--kind is required/);
    expect(() => parseCliArgs(["--kind", "audio", "--truth", "t", "--answer", "a"])).toThrow(
      /unknown kind "audio"/,
    );
    expect(() => parseCliArgs(["--kind", "spans", "--answer", "a"])).toThrow(/--truth FILE is required/);
    expect(() => parseCliArgs(["--kind", "spans", "--truth", "t"])).toThrow(/--answer FILE is required/);
    expect(() => parseCliArgs(["--kind", "spans", "-t", "t"])).toThrow(/unknown option -t/);
    expect(() => parseCliArgs(["--kind", "spans", "--kind", "table"])).toThrow(/given twice/);
    expect(() => parseCliArgs(["stray"])).toThrow(/unexpected argument/);
    expect(parseCliArgs(["--help"])).toBe("help");
  });
});
