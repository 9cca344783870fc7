import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main, parseAgreementArgs, runAgreement } from "./cli.ts";

const example = (name: string) => fileURLToPath(new URL(`./examples/${name}`, import.meta.url));

describe("parseAgreementArgs", () => {
  it.each([
    { argv: ["f.json"], expected: { file: "f.json", options: {}, compact: false } },
    {
      argv: ["f.json", "--threshold", "0.5", "--weights=linear", "--labels", "a,b", "--compact"],
      expected: {
        file: "f.json",
        options: { threshold: 0.5, weights: "linear", labels: ["a", "b"] },
        compact: true,
      },
    },
    {
      argv: ["--multi-label", "--match-across-labels", "f.json"],
      expected: { file: "f.json", options: { multiLabel: true, matchAcrossLabels: true }, compact: false },
    },
  ])("$argv", ({ argv, expected }) => {
    expect(parseAgreementArgs(argv)).toEqual(expected);
  });

  it.each([
    { argv: [], error: /exactly one FILE/ },
    { argv: ["a.json", "b.json"], error: /exactly one FILE/ },
    { argv: ["a.json", "--threshold", "1.5"], error: /not a number in \[0, 1\]/ },
    { argv: ["a.json", "--threshold", ""], error: /not a number/ },
    { argv: ["a.json", "--weights", "cubic"], error: /not linear or quadratic/ },
    { argv: ["a.json", "--iou", "0.5"], error: /Unknown option/ },
  ])("refuses $argv", ({ argv, error }) => {
    expect(() => parseAgreementArgs(argv)).toThrow(error);
  });

  it("--help", () => {
    expect(parseAgreementArgs(["--help"])).toBe("help");
  });
});

describe("runAgreement", () => {
  it("classification example: Cohen's kappa and the one item the annotators disagree on", () => {
    const report = runAgreement({ file: example("classification.json"), options: {}, compact: false });
    expect(report.measure).toBe("cohen-kappa");
    // po = 0.8; pe = (2·1 + 2·3 + 1·1) / 25 = 0.36 → (0.8 − 0.36) / 0.64.
    expect(report.overall.kappa).toBeCloseTo(0.44 / 0.64, 12);
    expect(report.lowAgreement).toEqual([{ id: "img-2", agreement: 0 }]);
  });

  it("boxes example: file options, overridden by the command line", () => {
    const report = runAgreement({ file: example("boxes.json"), options: {}, compact: false });
    // street-1: IoU 98·50 / (2·5000 − 4900); street-2: cars IoU 20/60, the person unmatched.
    const first = 4900 / 5100;
    const second = 1 / 3 / 2;
    expect(report.perItem.map((i) => i.agreement)).toEqual([
      expect.closeTo(first, 12),
      expect.closeTo(second, 12),
    ]);
    expect(report.lowAgreement.map((i) => i.id)).toEqual(["street-2"]);
    const loose = runAgreement({ file: example("boxes.json"), options: { threshold: 0.1 }, compact: false });
    expect(loose.lowAgreement).toEqual([]);
  });

  it.each([
    { content: "{", error: /not valid JSON/ },
    { content: "[]", error: /must hold an object/ },
    { content: '{"kind":"AUDIO","items":[]}', error: /kind "AUDIO" is not one of/ },
    { content: '{"kind":"boxes","items":[],"options":3}', error: /options must be an object/ },
  ])("refuses $content", ({ content, error }) => {
    const dir = mkdtempSync(join(tmpdir(), "agreement-"));
    const file = join(dir, "in.json");
    writeFileSync(file, content);
    expect(() => runAgreement({ file, options: {}, compact: false })).toThrow(error);
  });

  it("refuses a missing file", () => {
    expect(() => runAgreement({ file: "/nonexistent/x.json", options: {}, compact: false })).toThrow(
      /no such file/,
    );
  });
});

describe("main", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("prints the report as JSON and exits 0; bad input exits 2 with one line on stderr", () => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((s) => {
      err.push(String(s));
      return true;
    });
    expect(main([example("classification.json"), "--compact"])).toBe(0);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0] as string).kind).toBe("IMAGE_CLASSIFICATION");
    expect(main([example("classification.json"), "--weights", "linear", "--labels", "cat,dog"])).toBe(2);
    expect(err[0]).toMatch(/^agreement: item img-4: annotation 0 has the unknown label "bird"\n$/);
  });
});
