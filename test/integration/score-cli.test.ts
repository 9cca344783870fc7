// The scoring CLI as other tools run it: a real process, temp files, one JSON object on stdout, or
// exit code 2 and one line on stderr.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const TSX = "node_modules/tsx/dist/cli.mjs";
const dir = mkdtempSync(join(tmpdir(), "score-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function score(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, "workers/scoring/cli.ts", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A good run: exit 0, nothing on stderr, one JSON object on one line with the contract's fields. */
async function ok(args: string[]): Promise<Record<string, unknown>> {
  const r = await score(args);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
  const result = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(result).toMatchObject({ scorerVersion: expect.any(String), score: expect.any(Number) });
  for (const item of result.items as Record<string, unknown>[])
    expect(Object.keys(item).slice(0, 6)).toEqual(["id", "score", "tp", "fp", "fn", "matches"]);
  return result;
}

/** A refused run: exit 2, nothing on stdout, one line on stderr. */
async function refused(args: string[], pattern: RegExp): Promise<void> {
  const r = await score(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("npm run score (workers/scoring/cli.ts)", () => {
  const cls = file("cls-truth.json", {
    items: [
      { id: 1, labels: ["cat"] },
      { id: 2, labels: ["dog"] },
    ],
  });

  it("scores classification", async () => {
    const answer = file("cls-answer.json", {
      items: [
        { id: 2, labels: ["dog"] },
        { id: 1, labels: ["dog"] },
      ],
    });
    const r = await ok(["--kind", "classification", "--truth", cls, "--answer", answer]);
    expect(r).toMatchObject({ kind: "classification", score: 0.5 });
    expect(r.items).toEqual([
      { id: "1", score: 0, tp: 0, fp: 1, fn: 1, matches: [] },
      { id: "2", score: 1, tp: 1, fp: 0, fn: 0, matches: [{ truth: "dog", answer: "dog", iou: 1 }] },
    ]);
    const multi = await ok(["--kind", "classification", "--truth", cls, "--answer", answer, "--multi-label"]);
    expect(multi.score).toBe(0.5);
  });

  it("scores transcription with cer and wer", async () => {
    const truth = file("tr-truth.json", { items: [{ id: "a", text: "This is a test" }] });
    const answer = file("tr-answer.json", { items: [{ id: "a", text: "This test" }] });
    const r = await ok(["--kind", "transcription", "--truth", truth, "--answer", answer]);
    expect(r).toMatchObject({ kind: "transcription", cer: 5 / 14, wer: 0.5 });
    expect(r.score).toBeCloseTo(9 / 14, 12);
    expect((r.items as Record<string, unknown>[])[0]).toMatchObject({ id: "a", cer: 5 / 14, wer: 0.5 });
  });

  it("scores spans as JSON and as CoNLL", async () => {
    const text = "Alice met Bob.";
    const truth = file("sp-truth.json", {
      items: [{ id: "d", text, spans: [{ start: 0, end: 5, label: "PER" }] }],
    });
    const answer = file("sp-answer.json", {
      items: [{ id: "d", text, spans: [{ start: 0, end: 4, label: "PER" }] }],
    });
    const exact = await ok(["--kind", "spans", "--truth", truth, "--answer", answer]);
    expect(exact).toMatchObject({ kind: "spans", score: 0, precision: 0, recall: 0, f1: 0 });
    const partial = await ok(["--kind", "spans", "--truth", truth, "--answer", answer, "--partial"]);
    expect(partial.score).toBeCloseTo(0.8, 12);
    const t = file("truth.conll", "John B-PER\nSmith I-PER\n\nin O\nParis B-LOC\n");
    const a = file("answer.conll", "John I-PER\nSmith I-PER\n\nin O\nParis O\n");
    const conll = await ok(["--kind", "spans", "--format", "conll", "--truth", t, "--answer", a]);
    expect(conll).toMatchObject({ score: 0.5, tokens: 4 });
    const strict = await ok([
      "--kind",
      "spans",
      "--format=conll",
      "--mode",
      "strict",
      "--truth",
      t,
      "--answer",
      a,
    ]);
    expect(strict.score).toBe(0);
  });

  it("scores tables as JSON and as two CSV files", async () => {
    const truth = file("tb-truth.json", {
      items: [
        {
          id: "s",
          header: ["id", "v"],
          rows: [
            ["1", "a"],
            ["2", "b"],
          ],
        },
      ],
    });
    const answer = file("tb-answer.json", {
      items: [
        {
          id: "s",
          header: ["id", "v"],
          rows: [
            ["2", "b"],
            ["1", "a"],
          ],
        },
      ],
    });
    expect((await ok(["--kind", "table", "--truth", truth, "--answer", answer, "--key", "id"])).score).toBe(
      1,
    );
    expect((await ok(["--kind", "table", "--truth", truth, "--answer", answer])).score).toBe(0);
    const t = file("t.csv", 'id,name\n1,"Smith, J."\n2,Ann\n');
    const a = file("a.csv", 'id,name\r\n1,"Smith, J."\r\n2,ann\r\n');
    const csv = await ok(["--kind", "table", "--truth", t, "--answer", a]);
    expect(csv).toMatchObject({ kind: "table", score: 0.75 });
    expect((await ok(["--kind", "table", "--truth", t, "--answer", a, "--ignore-case"])).score).toBe(1);
  });

  it("exits 2 with one line for a missing file, bad JSON, an unknown kind, a bad option or invalid input", async () => {
    const missing = join(dir, "nope.json");
    const bad = file("bad.json", '{"items": [');
    const stranger = file("stranger.json", { items: [{ id: 9, labels: ["cat"] }] });
    const twice = file("twice.json", {
      items: [
        { id: 1, labels: ["cat"] },
        { id: 1, labels: ["cat"] },
      ],
    });
    const spans = file("bad-spans.json", {
      items: [{ id: "d", text: "abc", spans: [{ start: 2, end: 9, label: "X" }] }],
    });
    const h1 = file("h1.csv", "id,name\n1,a\n");
    const h2 = file("h2.csv", "id,nom\n1,a\n");
    const cases: Array<[string[], RegExp]> = [
      [
        ["--kind", "classification", "--truth", missing, "--answer", cls],
        /cannot read --truth file .*no such file/,
      ],
      [["--kind", "classification", "--truth", cls, "--answer", bad], /--answer file .* is not valid JSON/],
      [["--kind", "audio", "--truth", cls, "--answer", cls], /unknown kind "audio"/],
      [["--truth", cls, "--answer", cls], /--kind is required/],
      [["--kind", "classification", "--truth", cls, "--answer", cls, "--iou", "0.5"], /--iou does not apply/],
      [["--kind", "classification", "--truth", cls, "--answer", stranger], /item 9 is not in the truth/],
      [["--kind", "classification", "--truth", twice, "--answer", cls], /truth: item 1 appears twice/],
      [["--kind", "spans", "--truth", spans, "--answer", spans], /item d: truth span 0 ends at 9/],
      [["--kind", "table", "--truth", h1, "--answer", h2], /item 1: header mismatch/],
    ];
    await Promise.all(cases.map(([args, pattern]) => refused(args, pattern)));
  });
});
