import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
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

describe("score CLI: pycocotools' summary of detections", () => {
  const fixture = (name: string) =>
    fileURLToPath(new URL(`./fixtures/torchmetrics_map_bbox/${name}`, import.meta.url));
  const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  const run = (...extra: string[]) =>
    spawnSync(
      tsx,
      [
        cli,
        "--kind",
        "detections",
        "--truth",
        fixture("truth.json"),
        "--answer",
        fixture("results.json"),
        ...extra,
      ],
      { encoding: "utf8" },
    );

  it("never reads a value after --summary", () => {
    expect(() =>
      parseCliArgs(["--kind", "detections", "--summary", "x", "--truth", "t", "--answer", "a"]),
    ).toThrow(/unexpected argument "x"/);
  });

  it("prints the 12 lines as pycocotools does with --summary, and the summary in the JSON without", () => {
    const lines = run("--summary");
    expect(lines.status).toBe(0);
    const expected = JSON.parse(readFileSync(fixture("expected.json"), "utf8"));
    expect(lines.stdout).toBe(`${expected.summary_lines.join("\n")}\n`);
    const plain = run();
    expect(plain.status).toBe(0);
    const result = JSON.parse(plain.stdout);
    expect(result.summary).toHaveLength(12);
    expect(result.summary[3]).toMatchObject({ name: "APs", metric: "AP", area: "small", maxDets: 100 });
  });

  it("refuses --summary with a value or for another kind (exit code 2, nothing on stdout)", () => {
    const valued = run("--summary=yes");
    expect(valued.status).toBe(2);
    expect(valued.stdout).toBe("");
    expect(valued.stderr).toMatch(/--summary is a flag of the detections kind/);
    const boxes = spawnSync(
      tsx,
      [
        cli,
        "--kind",
        "boxes",
        "--truth",
        fixture("truth.json"),
        "--answer",
        fixture("results.json"),
        "--summary",
      ],
      { encoding: "utf8" },
    );
    expect(boxes.status).toBe(2);
    expect(boxes.stderr).toMatch(/--summary is a flag of the detections kind/);
  });
});
