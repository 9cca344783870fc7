// The national question bank against the real server, PostgreSQL, Redis and the scoring worker:
// XLSX and CSV imports (dry run, update, templates), every malformed upload refused with its reason
// and the bank unchanged, admins only; a theory section assembled by a seeded rule (reproducible,
// no repeats, BANK_SHORT, PAPER_IN_USE) or by hand; a shuffled section shown to each contestant in
// their own stable order without any key, and scored the same whatever the order.
import ExcelJS from "exceljs";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import type {
  BankImportRefusal,
  BankImportReport,
  BankList,
  BankTopic,
  TheorySection,
} from "../../protocol/bank.ts";
import type { ExamView, ScoreSummary } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";
import { zip } from "../helpers/zip.ts";

let stack: Stack;
let fx: ExamFixture;
let admin: Client;
let proctor: Client;
const clock = new ManualClock(new Date("2026-06-01T08:00:00Z"));
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const HEADER = [
  "编号 code",
  "题型 kind",
  "知识点 topic",
  "题干 prompt",
  "选项A",
  "选项B",
  "选项C",
  "选项D",
  "答案 answer",
  "分值 points",
  "多选计分 scoring",
];

/** The bank of the test: 12 single (4 per topic), 6 true/false, 6 multiple (topic 质检). */
function bankRows(): string[][] {
  const rows: string[][] = [];
  const topics = ["图像标注", "文本标注", "语音标注"];
  for (let i = 1; i <= 12; i++) {
    const topic = topics[(i - 1) % 3] as string;
    rows.push([
      `S-${String(i).padStart(2, "0")}`,
      "单选",
      topic,
      `单选题 ${i}：哪一项正确？`,
      "甲",
      "乙",
      "丙",
      "丁",
      "ABCD"[i % 4] as string,
      "0.5",
      "",
    ]);
  }
  for (let i = 1; i <= 6; i++)
    rows.push([
      `TF-${i}`,
      "判断",
      topics[i % 3] as string,
      `判断题 ${i}`,
      "",
      "",
      "",
      "",
      i % 2 ? "对" : "×",
      "0.5",
      "",
    ]);
  for (let i = 1; i <= 6; i++)
    rows.push([
      `M-${i}`,
      "MULTIPLE_CHOICE",
      "质检",
      `多选题 ${i}`,
      "一",
      "二",
      "三",
      "四",
      i % 2 ? "AB" : "B,C,D",
      "1",
      i === 1 ? "partial" : "",
    ]);
  return rows;
}

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("题库");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: string[][], bom = true): Buffer {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from(
    `${bom ? "\uFEFF" : ""}${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`,
    "utf8",
  );
}

async function upload<T = BankImportReport>(
  bytes: Uint8Array,
  query = "",
  type = "application/octet-stream",
  who = admin,
) {
  const res = await fetch(`${stack.baseUrl}/api/admin/bank/imports${query}`, {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": type },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  let body: { data?: T; error?: { code: string; message: string; details?: unknown } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text };
}

/** What the bank holds, every field, plus the audit trail's length: unchanged means nothing written. */
async function snapshot() {
  const [bank, audit] = await Promise.all([
    stack.db.bankQuestion.findMany({ orderBy: { code: "asc" } }),
    stack.db.auditEntry.count(),
  ]);
  return { bank, audit };
}

function refusals(details: unknown): BankImportRefusal[] {
  return (details as { rows?: BankImportRefusal[] } | undefined)?.rows ?? [];
}

const theoryPath = () => `/api/admin/papers/${fx.paperId}/theory`;

beforeAll(async () => {
  stack = await startStack({ clock, worker: true });
  fx = await newExamFixture(stack.db, { now: clock.now(), questions: [], contestants: 3 });
  admin = new Client(stack.baseUrl);
  expect((await admin.login(fx.admin, PASSWORD)).status).toBe(200);
  proctor = new Client(stack.baseUrl);
  expect((await proctor.login(fx.proctor, PASSWORD)).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe("bank import", () => {
  it("is for admins only", async () => {
    const before = await snapshot();
    expect((await upload(csv([HEADER, ...bankRows()]), "", "text/csv", proctor)).status).toBe(403);
    for (const path of [
      "/api/admin/bank/questions",
      "/api/admin/bank/topics",
      "/api/admin/bank/template.csv",
      "/api/admin/bank/template.xlsx",
      theoryPath(),
    ])
      expect((await proctor.get(path)).status, path).toBe(403);
    expect((await proctor.put(theoryPath(), { mode: "hand", questions: [] })).status).toBe(403);
    const stranger = new Client(stack.baseUrl);
    expect((await stranger.get("/api/admin/bank/questions")).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it("downloads both templates, whose rows pass a dry run that writes nothing", async () => {
    const csvRes = await fetch(`${stack.baseUrl}/api/admin/bank/template.csv`, {
      headers: { cookie: admin.cookie },
    });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get("content-type")).toMatch(/text\/csv/);
    const csvBytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(csvBytes)).toContain("编号 code");
    const xlsxRes = await fetch(`${stack.baseUrl}/api/admin/bank/template.xlsx`, {
      headers: { cookie: admin.cookie },
    });
    expect(xlsxRes.status).toBe(200);
    const xlsxBytes = new Uint8Array(await xlsxRes.arrayBuffer());
    const before = await snapshot();
    for (const bytes of [csvBytes, xlsxBytes]) {
      const res = await upload(bytes, "?dryRun=1&name=template");
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toMatchObject({ dryRun: true, created: 3, updated: 0, unchanged: 0 });
      expect(res.body.data?.rows.map((r) => r.outcome)).toEqual(["created", "created", "created"]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("imports an XLSX, then a CSV without a BOM; a dry run first writes nothing", async () => {
    const rows = bankRows();
    const book = await xlsx([HEADER, ...rows.slice(0, 20)]);
    const before = await snapshot();
    const dry = await upload(book, "?dryRun=1", XLSX_TYPE);
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.data).toMatchObject({ dryRun: true, created: 20 });
    expect(await snapshot()).toEqual(before);

    const res = await upload(book, "?name=bank.xlsx", XLSX_TYPE);
    expect(res.status, res.text).toBe(201);
    expect(res.body.data).toMatchObject({ dryRun: false, created: 20, updated: 0, unchanged: 0 });
    expect(res.body.data?.rows[0]).toEqual({ row: 2, code: "S-01", outcome: "created", problems: [] });

    const more = await upload(csv([HEADER, ...rows.slice(20)], false), "?name=more.csv", "text/csv");
    expect(more.status, more.text).toBe(201);
    expect(more.body.data).toMatchObject({ created: 4 });
    expect(await stack.db.bankQuestion.count()).toBe(24);

    const s1 = await stack.db.bankQuestion.findUniqueOrThrow({ where: { code: "S-01" } });
    expect(s1).toMatchObject({
      kind: "SINGLE_CHOICE",
      topic: "图像标注",
      points: 0.5,
      key: { choice: "B" },
      options: [
        { id: "A", text: "甲" },
        { id: "B", text: "乙" },
        { id: "C", text: "丙" },
        { id: "D", text: "丁" },
      ],
    });
    expect(await stack.db.bankQuestion.findUniqueOrThrow({ where: { code: "TF-2" } })).toMatchObject({
      kind: "TRUE_FALSE",
      options: [],
      key: { value: false },
    });
    expect(await stack.db.bankQuestion.findUniqueOrThrow({ where: { code: "M-2" } })).toMatchObject({
      kind: "MULTIPLE_CHOICE",
      key: { choices: ["B", "C", "D"] },
      scoring: "all-or-nothing",
    });
    expect(await stack.db.bankQuestion.findUniqueOrThrow({ where: { code: "M-1" } })).toMatchObject({
      scoring: "partial",
    });
    const audit = await stack.db.auditEntry.findMany({ where: { action: "bank.import" } });
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ name: "bank.xlsx", format: "xlsx", created: 20 }),
      expect.objectContaining({ name: "more.csv", format: "csv", created: 4 }),
    ]);
  });

  it("updates a question whose code is already in the bank; the rest are unchanged", async () => {
    const rows = bankRows();
    (rows[0] as string[])[3] = "单选题 1（修订）：哪一项正确？";
    const res = await upload(csv([HEADER, ...rows]));
    expect(res.status, res.text).toBe(201);
    expect(res.body.data).toMatchObject({ created: 0, updated: 1, unchanged: 23 });
    expect(res.body.data?.rows.find((r) => r.code === "S-01")?.outcome).toBe("updated");
    expect((await stack.db.bankQuestion.findUniqueOrThrow({ where: { code: "S-01" } })).prompt).toBe(
      "单选题 1（修订）：哪一项正确？",
    );
    expect(await stack.db.bankQuestion.count()).toBe(24);
  });

  it("refuses a file with one bad row, reporting every bad row, and changes nothing", async () => {
    const good = ["NEW-1", "单选", "新", "新题", "a", "b", "", "", "A", "1", ""];
    const cases: { row: string[]; problem: RegExp }[] = [
      { row: ["X-1", "填空", "t", "p", "a", "b", "", "", "A", "1", ""], problem: /题型 kind: "填空"/ },
      {
        row: ["X-2", "单选", "t", "p", "a", "b", "", "", "C", "1", ""],
        problem: /C is not among the options/,
      },
      { row: ["X-3", "单选", "t", "", "a", "b", "", "", "A", "1", ""], problem: /题干 prompt: empty/ },
      { row: ["X-4", "单选", "t", "p", "a", "b", "", "", "A", "-1", ""], problem: /分值 points: "-1"/ },
      { row: ["X-5", "单选", "t", "p", "a", "b", "", "", "A", "NaN", ""], problem: /分值 points: "NaN"/ },
      { row: ["X-6", "单选", "t", "p", "a", "b", "", "", "AB", "1", ""], problem: /exactly one answer/ },
      { row: ["X-7", "多选", "t", "p", "a", "b", "c", "", "A", "1", ""], problem: /at least two correct/ },
      { row: ["X-8", "判断", "t", "p", "a", "", "", "", "对", "1", ""], problem: /has no options/ },
      { row: ["X-9", "单选", "t", "p", "a", "", "", "", "A", "1", ""], problem: /at least 2 options/ },
      { row: ["X 10", "单选", "t", "p", "a", "b", "", "", "A", "1", ""], problem: /编号 code/ },
      {
        row: ["X-11", "单选", "t", "p\u0007q", "a", "b", "", "", "A", "1", ""],
        problem: /control character/,
      },
      { row: ["NEW-1", "单选", "t", "p", "a", "b", "", "", "A", "1", ""], problem: /already used on row 2/ },
    ];
    const before = await snapshot();
    for (const c of cases) {
      const res = await upload(csv([HEADER, good, c.row]), "?name=bad.csv");
      expect(res.status, `${c.row[0]}: ${res.text}`).toBe(422);
      expect(res.body.error?.code).toBe("IMPORT_REJECTED");
      const rows = refusals(res.body.error?.details);
      expect(rows, c.row[0]).toHaveLength(1);
      expect(rows[0]?.row).toBe(3);
      expect(rows[0]?.problems.join(" "), c.row[0]).toMatch(c.problem);
    }
    // All of them at once: every bad row reported with its own number, the good one not.
    // (exceljs drops control characters when it writes, so that case stays in the CSV ones.)
    const inBook = cases.filter((c) => c.row[0] !== "X-11");
    const all = await upload(await xlsx([HEADER, good, ...inBook.map((c) => c.row)]), "", XLSX_TYPE);
    expect(all.status).toBe(422);
    expect(refusals(all.body.error?.details).map((r) => r.row)).toEqual(inBook.map((_, i) => i + 3));
    // A dry run of a bad file is refused the same way.
    expect((await upload(csv([HEADER, good, (cases[0] as { row: string[] }).row]), "?dryRun=1")).status).toBe(
      422,
    );
    // A missing required column is the header row's problem.
    const noAnswer = await upload(csv([HEADER.filter((h) => !h.startsWith("答案")), good.slice(0, 8)]));
    expect(noAnswer.status).toBe(422);
    expect(refusals(noAnswer.body.error?.details)[0]).toMatchObject({ row: 1 });
    expect(refusals(noAnswer.body.error?.details)[0]?.problems.join(" ")).toMatch(/答案 answer is missing/);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses files that are not spreadsheets, a NUL, a lone surrogate, a zip bomb and an oversize file", async () => {
    const before = await snapshot();
    const html = await upload(Buffer.from("<html><body>题库</body></html>"), "", XLSX_TYPE);
    expect(html.status).toBe(415);
    expect(html.body.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect((await upload(Buffer.from("%PDF-1.4\n..."))).status).toBe(415);
    expect((await upload(Buffer.alloc(0))).status).toBe(415);
    // A NUL in a CSV: not text at all.
    const nul = await upload(csv([HEADER, ["N-1", "单选", "t", "p\u0000", "a", "b", "", "", "A", "1", ""]]));
    expect(nul.status).toBe(415);
    expect(nul.body.error?.message).toMatch(/not a spreadsheet/);
    // A lone surrogate encoded as CESU-8 bytes (ED A0 80) is not UTF-8.
    const surrogate = Buffer.concat([
      csv([HEADER]),
      Buffer.from("N-2,单选,t,p"),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from(",a,b,,,A,1,\r\n"),
    ]);
    const sur = await upload(surrogate);
    expect(sur.status).toBe(415);
    expect(sur.body.error?.message).toMatch(/not UTF-8/);
    const bomb = zip([
      { name: "[Content_Types].xml", body: Buffer.from("<Types/>") },
      { name: "xl/worksheets/sheet1.xml", body: Buffer.alloc(200_000_000, 0x20) },
    ]);
    const bombed = await upload(bomb, "", XLSX_TYPE);
    expect(bombed.status).toBe(415);
    expect(bombed.body.error?.details).toMatchObject({ problem: "too-large" });
    const big = await upload(Buffer.alloc(6 * 1024 * 1024, 0x41));
    expect(big.status).toBe(413);
    expect(big.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect((await upload(csv([HEADER]), "?dryRun=maybe")).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe("bank list", () => {
  it("lists with filters and paging, counts topics by kind, and deletes", async () => {
    const all = await admin.get<BankList>("/api/admin/bank/questions");
    expect(all.body.data?.total).toBe(24);
    const singles = await admin.get<BankList>(
      "/api/admin/bank/questions?kind=SINGLE_CHOICE&limit=5&offset=0",
    );
    expect(singles.body.data?.total).toBe(12);
    expect(singles.body.data?.questions).toHaveLength(5);
    const byTopic = await admin.get<BankList>(
      `/api/admin/bank/questions?topic=${encodeURIComponent("质检")}`,
    );
    expect(byTopic.body.data?.questions.map((q) => q.code).sort()).toEqual([
      "M-1",
      "M-2",
      "M-3",
      "M-4",
      "M-5",
      "M-6",
    ]);
    const search = await admin.get<BankList>(`/api/admin/bank/questions?q=${encodeURIComponent("修订")}`);
    expect(search.body.data?.questions.map((q) => q.code)).toEqual(["S-01"]);
    expect((await admin.get("/api/admin/bank/questions?limit=0")).status).toBe(400);
    expect((await admin.get("/api/admin/bank/questions?kind=ESSAY")).status).toBe(400);
    const topics = (await admin.get<BankTopic[]>("/api/admin/bank/topics")).body.data ?? [];
    expect(topics.find((t) => t.topic === "质检")?.counts).toEqual({
      SINGLE_CHOICE: 0,
      MULTIPLE_CHOICE: 6,
      TRUE_FALSE: 0,
    });
    expect(topics.find((t) => t.topic === "图像标注")?.counts.SINGLE_CHOICE).toBe(4);

    await upload(csv([HEADER, ["DEL-1", "判断", "临时", "删除我", "", "", "", "", "F", "1", ""]]));
    const del = (await admin.get<BankList>("/api/admin/bank/questions?q=DEL-1")).body.data?.questions[0];
    expect(del?.code).toBe("DEL-1");
    expect((await proctor.request("DELETE", `/api/admin/bank/questions/${del?.id}`)).status).toBe(403);
    const gone = await admin.request("DELETE", `/api/admin/bank/questions/${del?.id}`);
    expect(gone.status).toBe(200);
    expect(gone.body.data).toEqual({ id: del?.id, copies: 0 });
    expect((await admin.request("DELETE", `/api/admin/bank/questions/${del?.id}`)).status).toBe(404);
    expect(await stack.db.bankQuestion.count()).toBe(24);
  });
});

describe("theory assembly", () => {
  const rule = {
    mode: "rule" as const,
    seed: 12345,
    draws: [
      { kind: "SINGLE_CHOICE" as const, count: 6, points: 0.5, topics: ["图像标注", "文本标注"] },
      { kind: "TRUE_FALSE" as const, count: 4, points: 0.5 },
      { kind: "MULTIPLE_CHOICE" as const, count: 3, points: 1, topics: ["质检"] },
    ],
  };

  it("draws by rule: counts, points and topics respected, no repeats, audited; the seed reproduces the draw", async () => {
    const empty = await admin.get<TheorySection>(theoryPath());
    expect(empty.body.data).toMatchObject({ sectionId: null, questions: [], assembly: null, totalPoints: 0 });

    const res = await admin.put<TheorySection>(theoryPath(), rule);
    expect(res.status, res.text).toBe(200);
    const t = res.body.data as TheorySection;
    expect(t.questions).toHaveLength(13);
    expect(t.questions.map((q) => q.position)).toEqual([...Array(13).keys()].map((i) => i + 1));
    expect(t.questions.map((q) => q.kind)).toEqual([
      ...Array(6).fill("SINGLE_CHOICE"),
      ...Array(4).fill("TRUE_FALSE"),
      ...Array(3).fill("MULTIPLE_CHOICE"),
    ]);
    expect(t.totalPoints).toBe(6 * 0.5 + 4 * 0.5 + 3);
    expect(t.questions.slice(0, 6).every((q) => q.topic === "图像标注" || q.topic === "文本标注")).toBe(true);
    expect(new Set(t.questions.map((q) => q.bankCode)).size).toBe(13);
    expect(t.shuffle).toBe(true);
    expect(t.assembly).toMatchObject({ mode: "rule", seed: 12345, draws: rule.draws, by: "Admin" });
    // The copies carry their keys, and the theory section comes before the practical one.
    const section = await stack.db.section.findUniqueOrThrow({
      where: { id: t.sectionId as string },
      include: { questions: { include: { answerKey: true, bankQuestion: true } } },
    });
    expect(section.kind).toBe("THEORY");
    const practical = await stack.db.section.findFirstOrThrow({
      where: { paperId: fx.paperId, kind: "PRACTICAL" },
    });
    expect(section.position).toBeLessThan(practical.position);
    for (const q of section.questions) {
      expect(q.answerKey?.key).toEqual(q.bankQuestion?.key);
      expect(q.options).toEqual(q.bankQuestion?.options);
    }
    expect(
      await stack.db.auditEntry.count({
        where: { action: "paper.theory.assemble", target: `paper:${fx.paperId}` },
      }),
    ).toBe(1);

    const again = await admin.put<TheorySection>(theoryPath(), rule);
    expect(again.body.data?.questions.map((q) => q.bankCode)).toEqual(t.questions.map((q) => q.bankCode));
    // The old copies are gone, not kept beside the new ones.
    expect(await stack.db.question.count({ where: { sectionId: t.sectionId as string } })).toBe(13);
    const other = await admin.put<TheorySection>(theoryPath(), { ...rule, seed: 999 });
    expect(other.body.data?.questions.map((q) => q.bankCode)).not.toEqual(t.questions.map((q) => q.bankCode));
    // Without a seed, one is drawn and stored.
    const unseeded = await admin.put<TheorySection>(theoryPath(), { ...rule, seed: undefined });
    expect(unseeded.body.data?.assembly?.seed).toBeGreaterThan(0);
  });

  it("never draws a question twice across draws of the same kind", async () => {
    const res = await admin.put<TheorySection>(theoryPath(), {
      mode: "rule",
      seed: 7,
      draws: [
        { kind: "SINGLE_CHOICE", count: 8, points: 1 },
        { kind: "SINGLE_CHOICE", count: 4, points: 2, topics: ["图像标注", "文本标注", "语音标注"] },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(new Set(res.body.data?.questions.map((q) => q.bankCode)).size).toBe(12);
    expect(res.body.data?.totalPoints).toBe(16);
  });

  it("answers BANK_SHORT per draw when the bank holds too few, and changes nothing", async () => {
    const before = await admin.get<TheorySection>(theoryPath());
    const res = await admin.put(theoryPath(), {
      mode: "rule",
      draws: [
        { kind: "SINGLE_CHOICE", count: 10, points: 1 },
        { kind: "SINGLE_CHOICE", count: 3, points: 1 },
        { kind: "TRUE_FALSE", count: 2, points: 1, topics: ["质检"] },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe("BANK_SHORT");
    expect(res.body.error?.details).toEqual({
      draws: [
        { index: 1, wanted: 3, available: 2 },
        { index: 2, wanted: 2, available: 0 },
      ],
    });
    expect((await admin.get<TheorySection>(theoryPath())).body.data).toEqual(before.body.data);
  });

  it("takes questions by hand, in the order given, with their own points unless given", async () => {
    const list =
      (await admin.get<BankList>("/api/admin/bank/questions?limit=500")).body.data?.questions ?? [];
    const pick = ["M-3", "TF-1", "S-05"].map((c) => list.find((q) => q.code === c)?.id as string);
    const res = await admin.put<TheorySection>(theoryPath(), {
      mode: "hand",
      shuffle: false,
      questions: [
        { bankQuestionId: pick[0] },
        { bankQuestionId: pick[1], points: 2 },
        { bankQuestionId: pick[2] },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data?.questions.map((q) => [q.bankCode, q.points])).toEqual([
      ["M-3", 1],
      ["TF-1", 2],
      ["S-05", 0.5],
    ]);
    expect(res.body.data).toMatchObject({ shuffle: false, assembly: { mode: "hand" } });
    const twice = await admin.put(theoryPath(), {
      mode: "hand",
      questions: [{ bankQuestionId: pick[0] }, { bankQuestionId: pick[0] }],
    });
    expect(twice.status).toBe(400);
    const unknown = await admin.put(theoryPath(), { mode: "hand", questions: [{ bankQuestionId: "nope" }] });
    expect(unknown.status).toBe(400);
    expect((await admin.put(theoryPath(), { mode: "rule", draws: [] })).status).toBe(400);
    expect(
      (
        await admin.put(theoryPath(), {
          mode: "rule",
          draws: [{ kind: "SINGLE_CHOICE", count: 1, points: -1 }],
        })
      ).status,
    ).toBe(400);
    expect((await admin.put("/api/admin/papers/nope/theory", rule)).status).toBe(404);
    expect((await admin.get<TheorySection>(theoryPath())).body.data?.questions).toHaveLength(3);
  });
});

describe("a shuffled section in the exam", () => {
  const contestantSaw: string[] = [];
  let proctorSocket: Socket;

  async function contestant(i: number): Promise<{ c: Client; attemptId: string }> {
    const who = fx.contestants[i] as ExamFixture["contestants"][number];
    const c = new Client(stack.baseUrl);
    c.onResponse = (text) => contestantSaw.push(text);
    expect((await c.login(who.ticket, PASSWORD)).status).toBe(200);
    return { c, attemptId: who.attemptId };
  }

  const theoryOf = (v: ExamView | undefined) => v?.paper.sections.find((s) => s.kind === "THEORY");

  it("shows each contestant their own stable order, keeps option ids, sends no key, then freezes the paper", async () => {
    // The proctor watched the roster before the section was assembled: the paper's structure read
    // then (for progress and for checking saves) must not outlive the change.
    expect((await proctor.get(`/api/sessions/${fx.sessionId}/roster`)).status).toBe(200);
    const res = await admin.put<TheorySection>(theoryPath(), {
      mode: "rule",
      seed: 4242,
      draws: [
        { kind: "SINGLE_CHOICE", count: 10, points: 0.5 },
        { kind: "TRUE_FALSE", count: 4, points: 0.5 },
        { kind: "MULTIPLE_CHOICE", count: 4, points: 1 },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const stored = res.body.data as TheorySection;
    // One contestant with a stored seed, the others with none (0): each still gets an order.
    await stack.db.attempt.update({
      where: { id: fx.contestants[0]?.attemptId },
      data: { shuffleSeed: 1_234_567 },
    });

    const a = await contestant(0);
    const b = await contestant(1);
    expect((await a.c.post(`/api/attempts/${a.attemptId}/start`)).status).toBe(200);
    expect((await b.c.post(`/api/attempts/${b.attemptId}/start`)).status).toBe(200);
    const va = theoryOf((await a.c.get<ExamView>(`/api/attempts/${a.attemptId}/exam`)).body.data);
    const vb = theoryOf((await b.c.get<ExamView>(`/api/attempts/${b.attemptId}/exam`)).body.data);
    const idsA = va?.questions.map((q) => q.id) ?? [];
    const idsB = vb?.questions.map((q) => q.id) ?? [];
    const paperOrder = stored.questions.map((q) => q.id);
    expect([...idsA].sort()).toEqual([...paperOrder].sort());
    expect([...idsB].sort()).toEqual([...paperOrder].sort());
    expect(idsA).not.toEqual(idsB);
    expect(idsA).not.toEqual(paperOrder);
    // A reload gives the same order, options included.
    const va2 = theoryOf((await a.c.get<ExamView>(`/api/attempts/${a.attemptId}/exam`)).body.data);
    expect(va2).toEqual(va);
    // Options: the same ids and texts, in an order of their own.
    const copies = await stack.db.question.findMany({ where: { sectionId: stored.sectionId as string } });
    let reordered = 0;
    for (const q of va?.questions ?? []) {
      const copy = copies.find((x) => x.id === q.id);
      const opts = copy?.options as { id: string; text: string }[];
      expect([...q.options].sort((x, y) => x.id.localeCompare(y.id))).toEqual(opts);
      if (q.options.map((o) => o.id).join() !== opts.map((o) => o.id).join()) reordered++;
    }
    expect(reordered).toBeGreaterThan(0);

    // PAPER_IN_USE now that attempts began, and the section stays as it was.
    const locked = await admin.put(theoryPath(), {
      mode: "rule",
      draws: [{ kind: "TRUE_FALSE", count: 1, points: 1 }],
    });
    expect(locked.status).toBe(409);
    expect(locked.body.error?.code).toBe("PAPER_IN_USE");
    expect((await admin.get<TheorySection>(theoryPath())).body.data?.questions.map((q) => q.id)).toEqual(
      paperOrder,
    );
  });

  it("scores a shuffled section by question and option id, whatever the order", async () => {
    proctorSocket = proctor.socket("/proctor");
    await connected(proctorSocket);
    await emitAck(proctorSocket, "session:watch", { sessionId: fx.sessionId });
    const a = await contestant(0);
    const view = (await a.c.get<ExamView>(`/api/attempts/${a.attemptId}/exam`)).body.data;
    const shown = theoryOf(view)?.questions ?? [];
    const keys = await stack.db.answerKey.findMany({ where: { questionId: { in: shown.map((q) => q.id) } } });
    const keyOf = new Map(keys.map((k) => [k.questionId, k.key as Record<string, unknown>]));
    // Every question right but the one shown first, answered wrong.
    let wrongPoints = 0;
    let total = 0;
    for (const [i, q] of shown.entries()) {
      total += q.points;
      const key = keyOf.get(q.id) as Record<string, unknown>;
      let data: unknown = key;
      if (i === 0) {
        wrongPoints = q.points;
        data =
          "value" in key
            ? { value: !key.value }
            : "choice" in key
              ? { choice: q.options.find((o) => o.id !== key.choice)?.id }
              : { choices: [q.options.find((o) => !(key.choices as string[]).includes(o.id))?.id] };
      }
      const saved = await a.c.put(`/api/attempts/${a.attemptId}/answers`, {
        target: { kind: "question", id: q.id },
        revision: 1,
        data,
      });
      expect(saved.status, saved.text).toBe(200);
    }
    const scored = nextEvent<{ attemptId: string; score: ScoreSummary }>(
      proctorSocket,
      "attempt:scored",
      (e) => e.attemptId === a.attemptId,
    );
    expect((await a.c.post(`/api/attempts/${a.attemptId}/submit`)).status).toBe(200);
    const { score } = await scored;
    // Theory weighs 30; the practical task was left empty.
    // Scores are kept to four decimals.
    expect(score.theory).toBeCloseTo((30 * (total - wrongPoints)) / total, 3);
    expect(score.theory).toBeLessThan(30);
    expect(score.practical).toBe(0);
    proctorSocket.disconnect();
  });

  it("never sent a contestant a key, a bank code or the assembly", async () => {
    const saw = contestantSaw.join("\n");
    expect(saw.length).toBeGreaterThan(1000);
    for (const secret of [
      '"key"',
      "answerKey",
      "bankQuestion",
      "bankCode",
      "assembly",
      "S-01",
      "TF-1",
      '"seed"',
      "shuffleSeed",
    ])
      expect(saw, secret).not.toContain(secret);
  });
});
