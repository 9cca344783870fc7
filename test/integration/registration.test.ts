// Public registration against the real server, PostgreSQL and the disk store: every eligibility rule
// accepted and refused with its code and rule, the window, one registration per ID number, teams
// that never mix schools, evidence judged by its content and read back byte for byte, hostile input,
// access codes that reveal nothing when wrong, correction after a rejection, and the per-address limits.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { seal } from "../../core/platform/secret-box.ts";
import { buildPaper, upsertRegions } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import {
  type ApplyResult,
  type EvidenceView,
  idNumberCheckChar,
  type OpenStage,
  type RegistrationView,
} from "../../protocol/index.ts";
import { addMonths, contestDate } from "../../server/registration/eligibility.ts";
import { DEFAULT_REGISTRATION_LIMITS } from "../../server/registration/rate-limit.ts";
import { type Stack, startStack } from "../helpers/stack.ts";

const T0 = new Date("2026-09-01T02:00:00Z");
const DAY = 86_400_000;
const clock = new ManualClock(new Date(T0.getTime() + DAY));
let stack: Stack;
let mediaDir: string;
let contestId: string;
let stageId: string;
/** Region 1 and 2: open; region 3: opens in 20 days; region 4: no window. */
let region: Map<number, string>;

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "la-registration-"));
  stack = await startStack({ clock, env: { MEDIA_DIR: mediaDir } });
  region = await upsertRegions(stack.db);
  const contest = await stack.db.contest.create({
    data: {
      name: "AI Trainer 2026",
      year: 2026,
      settings: { evidenceMaxBytes: 100_000, evidenceMaxFiles: 4 },
    },
  });
  contestId = contest.id;
  const stage = await stack.db.stage.create({
    data: { contestId, kind: "PRELIMINARY", name: "Provincial preliminaries" },
  });
  stageId = stage.id;
  const windows = [
    { no: 1, opensAt: T0, closesAt: new Date(T0.getTime() + 10 * DAY) },
    { no: 2, opensAt: T0, closesAt: new Date(T0.getTime() + 10 * DAY) },
    { no: 3, opensAt: new Date(T0.getTime() + 20 * DAY), closesAt: new Date(T0.getTime() + 30 * DAY) },
  ];
  for (const w of windows)
    await stack.db.registrationWindow.create({
      data: { stageId, regionId: region.get(w.no) as string, opensAt: w.opensAt, closesAt: w.closesAt },
    });
});

afterAll(async () => {
  await stack?.stop();
  if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
});

// ---- helpers ---------------------------------------------------------------------------------------

let addresses = 0;
/** Each applicant comes from their own address (the server trusts X-Forwarded-For from loopback). */
const newAddress = () => `10.1.${Math.floor(addresses / 250)}.${(addresses++ % 250) + 1}`;

interface Res<T> {
  status: number;
  body: { data?: T; error?: { code: string; message: string; details?: Record<string, unknown> } };
  text: string;
  bytes: Buffer;
  headers: Headers;
}

async function call<T = unknown>(
  method: string,
  url: string,
  opts: { json?: unknown; raw?: string | Uint8Array; type?: string; code?: string; address?: string } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { "x-forwarded-for": opts.address ?? newAddress() };
  if (opts.code !== undefined) headers["x-registration-code"] = opts.code;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof opts.json === "string" ? opts.json : JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers["content-type"] = opts.type ?? "application/octet-stream";
    body = typeof opts.raw === "string" ? opts.raw : new Uint8Array(opts.raw);
  }
  const res = await fetch(stack.baseUrl + url, { method, headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString("utf8");
  let parsed: Res<T>["body"] = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // a file
  }
  return { status: res.status, body: parsed, text, bytes, headers: res.headers };
}

let idSeq = 0;
/** A valid ID number, different each call (the check character from the protocol's own function). */
function newId(): string {
  const seq = idSeq++;
  const first17 = `110101${1990 + (seq % 10)}0101${String(seq).padStart(3, "0").slice(-3)}`;
  return first17 + idNumberCheckChar(first17);
}

function form(over: Record<string, unknown> = {}) {
  return {
    stageId,
    regionId: region.get(1),
    group: "STUDENT",
    basis: "STUDENT",
    name: "张三",
    idNumber: newId(),
    phone: "13800138000",
    organisation: "南阳职业学院",
    field: "人工智能技术应用",
    honours: [],
    declaration: true,
    team: { mode: "none" },
    ...over,
  };
}

async function apply(over: Record<string, unknown> = {}, address?: string) {
  return call<ApplyResult>("POST", "/api/apply", { json: form(over), address });
}

async function applied(over: Record<string, unknown> = {}): Promise<ApplyResult> {
  const r = await apply(over);
  expect(r.status, r.text).toBe(201);
  return r.body.data as ApplyResult;
}

const me = (code: string) => call<RegistrationView>("GET", "/api/apply/me", { code });

function expectRefused(r: Res<unknown>, status: number, code: string, rule?: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body.error?.code).toBe(code);
  if (rule) expect(r.body.error?.details?.rule).toBe(rule);
  expect(r.body.data).toBeUndefined();
}

/** Sets the clock for the duration of `work`. */
async function at<T>(when: Date, work: () => Promise<T>): Promise<T> {
  const before = clock.now();
  clock.set(when);
  try {
    return await work();
  } finally {
    clock.set(before);
  }
}

// Small real files.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00]),
  Buffer.alloc(64, 0x11),
  Buffer.from([0xff, 0xd9]),
]);

function upload(code: string, bytes: Uint8Array, name: string, kind = "STUDENT_STATUS", type?: string) {
  const q = new URLSearchParams({ kind, name });
  return call<EvidenceView>("POST", `/api/apply/me/evidence?${q}`, { code, raw: bytes, type });
}

// ---- tests -----------------------------------------------------------------------------------------

describe("GET /api/apply/open", () => {
  it("lists the stage, each region's window, whether it is open, and the contest's rules", async () => {
    const r = await call<OpenStage[]>("GET", "/api/apply/open");
    expect(r.status).toBe(200);
    const stage = r.body.data?.find((s) => s.stageId === stageId);
    expect(stage).toMatchObject({
      contestId,
      contestName: "AI Trainer 2026",
      stageName: "Provincial preliminaries",
    });
    expect(stage?.regions.map((x) => [x.no, x.open])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(stage?.rules).toMatchObject({
      employeeMinYears: 1,
      teamMaxSize: 3,
      barredHonours: ["中华技能大奖", "全国技术能手"],
      evidenceMaxBytes: 100_000,
      requiredEvidence: { STUDENT: ["STUDENT_STATUS"] },
    });
  });
});

describe("POST /api/apply", () => {
  it("registers a student, returns the access code once and keeps only its sha256", async () => {
    const idNumber = newId();
    const res = await applied({ idNumber: `${idNumber.slice(0, 17)}${idNumber[17]?.toLowerCase()}` });
    expect(res.accessCode).toMatch(/^[A-Z2-7]{20}$/);
    expect(res.status).toBe("SUBMITTED");
    const row = await stack.db.registration.findUniqueOrThrow({ where: { id: res.registrationId } });
    expect(row.accessCodeHash).toBe(createHash("sha256").update(res.accessCode).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(res.accessCode);
    expect(row).toMatchObject({
      idNumber,
      contestId,
      organisationKey: "南阳职业学院",
      submittedAt: clock.now(),
    });
    const view = await me(res.accessCode);
    expect(view.body.data).toMatchObject({
      id: res.registrationId,
      status: "SUBMITTED",
      windowOpen: true,
      missingEvidence: ["STUDENT_STATUS"],
      team: null,
      admission: null,
    });
  });

  describe("employee group, related job", () => {
    const today = () => contestDate(clock.now());
    it("accepts a job begun exactly a year ago", async () => {
      await applied({
        group: "EMPLOYEE",
        basis: "EMPLOYEE_JOB",
        jobStartedOn: addMonths(today(), -12),
        organisation: "某科技有限公司",
      });
    });
    it("refuses a job begun a day less than a year ago, with the rule and the day it will be enough", async () => {
      const started = addMonths(today(), -12).replace(/\d\d$/, (d) => String(Number(d) + 1).padStart(2, "0"));
      const r = await apply({ group: "EMPLOYEE", basis: "EMPLOYEE_JOB", jobStartedOn: started });
      expectRefused(r, 422, "INELIGIBLE", "job-years");
      expect(r.body.error?.message).toMatch(/at least 1 year/);
    });
    it("needs the day the job began", async () => {
      const r = await apply({ group: "EMPLOYEE", basis: "EMPLOYEE_JOB" });
      expectRefused(r, 400, "VALIDATION_FAILED");
      expect(JSON.stringify(r.body.error?.details)).toContain("jobStartedOn");
    });
    it("accepts a teacher without job years", async () => {
      await applied({ group: "EMPLOYEE", basis: "EMPLOYEE_TEACHER", field: "计算机应用" });
    });
  });

  describe("barred honours", () => {
    for (const title of ["中华技能大奖", "全国技术能手"]) {
      it(`refuses a holder of ${title} with the title in the message`, async () => {
        const r = await apply({ honours: ["优秀学生干部", ` ${title} `] });
        expectRefused(r, 422, "INELIGIBLE", "barred-honour");
        expect(r.body.error?.message).toBe(`Holders of ${title} may not register as contestants.`);
      });
    }
    it("accepts other honours", async () => {
      await applied({ honours: ["省技术能手", "国家奖学金"] });
    });
  });

  it("refuses a basis of the other group, a declaration not accepted and a wrong ID check digit", async () => {
    const mismatch = await apply({ group: "STUDENT", basis: "EMPLOYEE_TEACHER" });
    expectRefused(mismatch, 400, "VALIDATION_FAILED");
    expect(JSON.stringify(mismatch.body.error?.details)).toContain("basis");
    expectRefused(await apply({ declaration: false }), 400, "VALIDATION_FAILED");
    const good = newId();
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    const r = await apply({ idNumber: wrong });
    expectRefused(r, 400, "VALIDATION_FAILED");
    expect(JSON.stringify(r.body.error?.details)).toMatch(/check digit/);
  });

  it("refuses before the window opens and after it closes, with the window's times", async () => {
    const before = await apply({ regionId: region.get(3) });
    expectRefused(before, 409, "REGISTRATION_CLOSED");
    expect(before.body.error?.details).toEqual({
      opensAt: new Date(T0.getTime() + 20 * DAY).toISOString(),
      closesAt: new Date(T0.getTime() + 30 * DAY).toISOString(),
    });
    const after = await at(new Date(T0.getTime() + 10 * DAY), () => apply());
    expectRefused(after, 409, "REGISTRATION_CLOSED");
    expect(after.body.error?.message).toMatch(/closed/);
    // The first instant of the window is inside it.
    expect((await at(T0, () => apply())).status).toBe(201);
  });

  it("answers 404 for a stage or a region without a window", async () => {
    expectRefused(await apply({ regionId: region.get(4) }), 404, "NOT_FOUND");
    expectRefused(await apply({ stageId: "nosuchstage" }), 404, "NOT_FOUND");
  });

  it("takes one registration per ID number in a contest, in any region, even racing", async () => {
    const idNumber = newId();
    await applied({ idNumber });
    expectRefused(await apply({ idNumber }), 409, "ALREADY_REGISTERED");
    expectRefused(
      await apply({ idNumber, regionId: region.get(2), name: "李四" }),
      409,
      "ALREADY_REGISTERED",
    );
    const racing = newId();
    const results = await Promise.all(Array.from({ length: 4 }, () => apply({ idNumber: racing })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.error?.code).toBe("ALREADY_REGISTERED");
    expect(await stack.db.registration.count({ where: { idNumber: racing } })).toBe(1);
  });
});

describe("teams", () => {
  async function lead(over: Record<string, unknown> = {}) {
    const leader = await applied({ team: { mode: "lead", name: "数据标注一队" }, ...over });
    const joinCode = (await me(leader.accessCode)).body.data?.team?.joinCode as string;
    expect(joinCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    return { leader, joinCode };
  }

  it("lets a member of the same school join under another spelling, and shows the code to the leader only", async () => {
    const { leader, joinCode } = await lead({ organisation: "Nanyang Vocational College (南阳)" });
    const member = await applied({
      organisation: "ＮＡＮＹＡＮＧ  vocational college（南阳）",
      team: { mode: "join", joinCode: joinCode.toLowerCase() },
    });
    const mv = (await me(member.accessCode)).body.data;
    expect(mv?.team).toMatchObject({ name: "数据标注一队", leader: false, members: 2, joinCode: null });
    expect((await me(leader.accessCode)).body.data?.team).toMatchObject({
      leader: true,
      members: 2,
      joinCode,
    });
  });

  it("refuses a member of another school (不得跨校)", async () => {
    const { joinCode } = await lead();
    const r = await apply({ organisation: "九江职业技术学院", team: { mode: "join", joinCode } });
    expectRefused(r, 422, "INELIGIBLE", "team-mixed-organisations");
    expect(r.body.error?.message).toMatch(/不得跨校/);
  });

  it("refuses a fourth member, a member of the other group or region, and an unknown code", async () => {
    const { joinCode } = await lead();
    await applied({ team: { mode: "join", joinCode } });
    await applied({ team: { mode: "join", joinCode } });
    expectRefused(await apply({ team: { mode: "join", joinCode } }), 422, "INELIGIBLE", "team-full");
    const other = await lead();
    expectRefused(
      await apply({
        group: "EMPLOYEE",
        basis: "EMPLOYEE_TEACHER",
        team: { mode: "join", joinCode: other.joinCode },
      }),
      422,
      "INELIGIBLE",
      "team-group",
    );
    expectRefused(
      await apply({ regionId: region.get(2), team: { mode: "join", joinCode: other.joinCode } }),
      422,
      "INELIGIBLE",
      "team-other-region",
    );
    expectRefused(
      await apply({ team: { mode: "join", joinCode: "ZZZZZZZZ" } }),
      422,
      "INELIGIBLE",
      "team-not-found",
    );
  });

  it("fills a team's last place once when members race for it", async () => {
    const { joinCode } = await lead();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => apply({ team: { mode: "join", joinCode } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 422, 422]);
  });

  it("lets a rejected member correct the form and stay in the team, whose rules are checked again", async () => {
    const { leader, joinCode } = await lead();
    const member = await applied({ team: { mode: "join", joinCode } });
    await stack.db.registration.update({
      where: { id: member.registrationId },
      data: { status: "REJECTED", reviewReason: "请上传学籍证明" },
    });
    const f = (await me(member.accessCode)).body.data?.form;
    const put = (over: Record<string, unknown>) =>
      call<RegistrationView>("PUT", "/api/apply/me", {
        code: member.accessCode,
        json: form({ ...f, email: undefined, jobStartedOn: undefined, team: { mode: "stay" }, ...over }),
      });
    const moved = await put({ organisation: "九江职业技术学院" });
    expectRefused(moved, 422, "INELIGIBLE", "team-mixed-organisations");
    const stayed = await put({ field: "大数据技术" });
    expect(stayed.status, stayed.text).toBe(200);
    expect(stayed.body.data?.team).toMatchObject({ leader: false, members: 2, joinCode: null });
    const lf = (await me(leader.accessCode)).body.data?.form;
    const leaderStays = await call<RegistrationView>("PUT", "/api/apply/me", {
      code: leader.accessCode,
      json: form({ ...lf, email: undefined, jobStartedOn: undefined, team: { mode: "stay" } }),
    });
    expect(leaderStays.body.data?.team).toMatchObject({ leader: true, joinCode });
    // Nobody applies to "stay" in a team they are not in.
    expectRefused(await apply({ team: { mode: "stay" } }), 400, "VALIDATION_FAILED");
  });

  it("passes a withdrawing leader's team to its member, and closes a team nobody is left in", async () => {
    const { leader, joinCode } = await lead();
    const member = await applied({ team: { mode: "join", joinCode } });
    expect((await call("POST", "/api/apply/me/withdraw", { code: leader.accessCode, json: {} })).status).toBe(
      200,
    );
    expect((await me(member.accessCode)).body.data?.team).toMatchObject({
      leader: true,
      members: 1,
      joinCode,
    });
    expect((await call("POST", "/api/apply/me/withdraw", { code: member.accessCode, json: {} })).status).toBe(
      200,
    );
    expectRefused(await apply({ team: { mode: "join", joinCode } }), 422, "INELIGIBLE", "team-not-found");
  });

  it("drops the team of a leader alone who chooses to compete without one", async () => {
    const { leader } = await lead();
    const teamId = (await me(leader.accessCode)).body.data?.team?.id as string;
    const f = (await me(leader.accessCode)).body.data?.form;
    const r = await call<RegistrationView>("PUT", "/api/apply/me", {
      code: leader.accessCode,
      json: form({ ...f, email: undefined, jobStartedOn: undefined, team: { mode: "none" } }),
    });
    expect(r.body.data?.team).toBeNull();
    expect(await stack.db.team.count({ where: { id: teamId } })).toBe(0);
  });

  it("keeps a leader in a team that has members, and lets a member leave", async () => {
    const { leader, joinCode } = await lead();
    const member = await applied({ team: { mode: "join", joinCode } });
    const leaderForm = (await me(leader.accessCode)).body.data?.form;
    const leave = await call("PUT", "/api/apply/me", {
      code: leader.accessCode,
      json: form({ ...leaderForm, team: { mode: "none" }, email: undefined, jobStartedOn: undefined }),
    });
    expectRefused(leave, 409, "CONFLICT");
    const memberForm = (await me(member.accessCode)).body.data?.form;
    const left = await call<RegistrationView>("PUT", "/api/apply/me", {
      code: member.accessCode,
      json: form({ ...memberForm, team: { mode: "none" }, email: undefined, jobStartedOn: undefined }),
    });
    expect(left.status, left.text).toBe(200);
    expect(left.body.data?.team).toBeNull();
    expect((await me(leader.accessCode)).body.data?.team?.members).toBe(1);
  });
});

describe("evidence", () => {
  let code: string;
  let registrationId: string;
  beforeAll(async () => {
    const r = await applied();
    code = r.accessCode;
    registrationId = r.registrationId;
  });

  it("stores a real PDF, PNG and JPEG under server-made keys and reads each back byte for byte", async () => {
    const files = [
      { bytes: PDF, name: "学籍证明.pdf", type: "application/pdf" },
      { bytes: PNG, name: "../../photo.png", type: "image/png" },
      { bytes: JPEG, name: "scan", type: "image/jpeg" },
    ];
    const ids: string[] = [];
    for (const f of files) {
      const r = await upload(code, f.bytes, f.name, "STUDENT_STATUS", "text/html");
      expect(r.status, r.text).toBe(201);
      expect(r.body.data).toMatchObject({ kind: "STUDENT_STATUS", mediaType: f.type, size: f.bytes.length });
      ids.push(r.body.data?.id as string);
    }
    const rows = await stack.db.evidence.findMany({
      where: { registrationId },
      orderBy: { uploadedAt: "asc" },
    });
    expect(rows.map((e) => e.fileName)).toEqual(["学籍证明.pdf", "photo.png", "scan.jpg"]);
    for (const [i, row] of rows.entries()) {
      expect(row.storageKey).toBe(`evidence/${registrationId}/${row.id}`);
      expect(row.sha256).toBe(
        createHash("sha256")
          .update(files[i]?.bytes as Buffer)
          .digest("hex"),
      );
      expect(fs.readFileSync(path.join(mediaDir, row.storageKey)).equals(files[i]?.bytes as Buffer)).toBe(
        true,
      );
    }
    for (const [i, id] of ids.entries()) {
      const back = await call("GET", `/api/apply/me/evidence/${id}`, { code });
      expect(back.status).toBe(200);
      expect(back.bytes.equals(files[i]?.bytes as Buffer)).toBe(true);
      expect(back.headers.get("content-type")).toBe(files[i]?.type);
      expect(back.headers.get("x-content-type-options")).toBe("nosniff");
      expect(back.headers.get("content-disposition")).toMatch(
        /^attachment; filename="[^"]*"; filename\*=UTF-8''/,
      );
    }
    expect(
      (await call("GET", `/api/apply/me/evidence/${ids[0]}`, { code })).headers.get("content-disposition"),
    ).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent("学籍证明.pdf")}`);
    const view = (await me(code)).body.data;
    expect(view?.evidence).toHaveLength(3);
    expect(view?.missingEvidence).toEqual([]);
  });

  it("refuses disguised and truncated files with 415 and stores nothing", async () => {
    const before = fs.readdirSync(path.join(mediaDir, "evidence", registrationId)).length;
    const html = await upload(
      code,
      Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>"),
      "证明.pdf",
    );
    expectRefused(html, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(html.body.error?.message).toMatch(/^The file's content is not what its name says/);
    const png = await upload(code, PNG, "x.pdf", "STUDENT_STATUS", "application/pdf");
    expectRefused(png, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(png.body.error?.message).toMatch(/^The file's content is not what its name says/);
    const truncated = await upload(code, JPEG.subarray(0, JPEG.length - 10), "photo.jpg");
    expectRefused(truncated, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(truncated.body.error?.message).toMatch(/truncated/);
    const renamed = await upload(code, PDF, "page.html");
    expectRefused(renamed, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(fs.readdirSync(path.join(mediaDir, "evidence", registrationId))).toHaveLength(before);
    expect(await stack.db.evidence.count({ where: { registrationId } })).toBe(3);
  });

  it("refuses a file above the contest's limit with 413, and a file beyond the count with 409", async () => {
    const big = Buffer.concat([
      PDF.subarray(0, 9),
      Buffer.alloc(100_001 - PDF.length, 0x20),
      PDF.subarray(9),
    ]);
    expect(big.length).toBe(100_001);
    expectRefused(await upload(code, big, "big.pdf"), 413, "PAYLOAD_TOO_LARGE");
    // Far above the limit: refused from its Content-Length, without reading it all.
    const huge = Buffer.concat([PDF, Buffer.alloc(30 * 1024 * 1024, 0x20)]);
    const refused = await upload(code, huge, "huge.pdf");
    expectRefused(refused, 413, "PAYLOAD_TOO_LARGE");
    expect(refused.body.error?.details).toEqual({ limit: 100_000 });
    expect((await upload(code, PDF, "fourth.pdf", "OTHER")).status).toBe(201);
    expectRefused(await upload(code, PDF, "fifth.pdf", "OTHER"), 409, "CONFLICT");
  });

  it("deletes a file, its row and its bytes", async () => {
    const row = await stack.db.evidence.findFirstOrThrow({ where: { registrationId, kind: "OTHER" } });
    const del = await call("DELETE", `/api/apply/me/evidence/${row.id}`, { code });
    expect(del.status).toBe(204);
    expect(fs.existsSync(path.join(mediaDir, row.storageKey))).toBe(false);
    expectRefused(await call("GET", `/api/apply/me/evidence/${row.id}`, { code }), 404, "NOT_FOUND");
  });

  it("refuses hostile names and kinds with 400", async () => {
    const nul = await call("POST", "/api/apply/me/evidence?kind=OTHER&name=a%00.pdf", { code, raw: PDF });
    expectRefused(nul, 400, "VALIDATION_FAILED");
    expectRefused(await upload(code, PDF, "x.pdf", "PASSPORT"), 400, "VALIDATION_FAILED");
    expectRefused(await upload(code, PDF, "x".repeat(121)), 400, "VALIDATION_FAILED");
  });

  it("takes no file once the window has closed", async () => {
    const r = await at(new Date(T0.getTime() + 11 * DAY), () => upload(code, PDF, "late.pdf"));
    expectRefused(r, 409, "REGISTRATION_CLOSED");
  });
});

describe("hostile input", () => {
  it("refuses NUL, a lone surrogate and oversized JSON with a 4xx and a code", async () => {
    expectRefused(await apply({ name: "张\u0000三" }), 400, "VALIDATION_FAILED");
    const surrogate = JSON.stringify(form()).replace('"张三"', '"\\ud800"');
    expectRefused(await call("POST", "/api/apply", { json: surrogate }), 400, "VALIDATION_FAILED");
    expectRefused(await apply({ name: "名".repeat(1_000_000) }), 400, "VALIDATION_FAILED");
    expectRefused(
      await apply({ honours: Array.from({ length: 5000 }, () => "x") }),
      400,
      "VALIDATION_FAILED",
    );
    expectRefused(await apply({ name: "x".repeat(5_000_000) }), 413, "PAYLOAD_TOO_LARGE");
    expectRefused(await call("POST", "/api/apply", { json: "{not json" }), 400, "VALIDATION_FAILED");
    expectRefused(await apply({ extra: 1 }), 400, "VALIDATION_FAILED");
  });
});

describe("access codes", () => {
  it("answers a wrong, malformed or missing code with the same 404, naming nobody", async () => {
    const real = await applied({ name: "王五" });
    const wrong = `${real.accessCode.slice(0, 19)}${real.accessCode[19] === "A" ? "B" : "A"}`;
    const answers = [await me(wrong), await me("nonsense"), await call("GET", "/api/apply/me")];
    for (const r of answers) {
      expectRefused(r, 404, "NOT_FOUND");
      expect(r.body.error?.message).toBe("The application was not found.");
      expect(r.text).not.toContain("王五");
    }
    expectRefused(await call("POST", "/api/apply/me/withdraw", { code: wrong, json: {} }), 404, "NOT_FOUND");
    expectRefused(await upload(wrong, PDF, "x.pdf"), 404, "NOT_FOUND");
  });

  it("shows an applicant only their own application and files", async () => {
    const a = await applied({ name: "甲申", phone: "13900000001" });
    const b = await applied({ name: "乙酉", phone: "13900000002" });
    const file = await upload(b.accessCode, PDF, "b.pdf");
    const view = await me(a.accessCode);
    expect(view.body.data?.id).toBe(a.registrationId);
    expect(view.text).not.toContain("乙酉");
    expect(view.text).not.toContain("13900000002");
    expectRefused(
      await call("GET", `/api/apply/me/evidence/${file.body.data?.id}`, { code: a.accessCode }),
      404,
      "NOT_FOUND",
    );
    expectRefused(
      await call("DELETE", `/api/apply/me/evidence/${file.body.data?.id}`, { code: a.accessCode }),
      404,
      "NOT_FOUND",
    );
    expect(await stack.db.evidence.count({ where: { id: file.body.data?.id } })).toBe(1);
  });

  it("locks an address out after too many wrong codes, even with a right one", async () => {
    const real = await applied();
    const address = newAddress();
    for (let i = 0; i < DEFAULT_REGISTRATION_LIMITS.wrongCodes; i++)
      expect((await call("GET", "/api/apply/me", { code: `A${i}`, address })).status).toBe(404);
    const locked = await call("GET", "/api/apply/me", { code: real.accessCode, address });
    expectRefused(locked, 429, "RATE_LIMITED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await me(real.accessCode)).status).toBe(200);
  });

  it("limits applications per address", async () => {
    const address = newAddress();
    // A school's computer room shares one address: the limit leaves room for a whole class.
    for (let i = 0; i < DEFAULT_REGISTRATION_LIMITS.applications; i++)
      expect((await apply({}, address)).status).toBe(201);
    expectRefused(await apply({}, address), 429, "RATE_LIMITED");
  });
});

describe("correction, withdrawal and admission", () => {
  it("writes what the applicant does into the application's history, without an actor", async () => {
    const r = await applied();
    expect((await upload(r.accessCode, PDF, "proof.pdf", "STUDENT_STATUS", "application/pdf")).status).toBe(
      201,
    );
    expect((await call("POST", "/api/apply/me/withdraw", { code: r.accessCode, json: {} })).status).toBe(200);
    const history = await stack.db.auditEntry.findMany({
      where: { target: `registration:${r.registrationId}` },
      orderBy: { at: "asc" },
      select: { action: true, actorId: true, details: true },
    });
    // The test's clock stands still, so the three share one time: compare them as a set.
    expect(history.map((h) => h.action).sort()).toEqual([
      "registration.evidence-add",
      "registration.submit",
      "registration.withdraw",
    ]);
    expect(history.every((h) => h.actorId === null)).toBe(true);
    expect(history.find((h) => h.action === "registration.evidence-add")?.details).toMatchObject({
      kind: "STUDENT_STATUS",
      fileName: "proof.pdf",
    });
  });

  it("lets a rejected applicant correct and resubmit while the window is open", async () => {
    const res = await applied({ organisation: "南阳职业学院", field: "旅游" });
    await stack.db.registration.update({
      where: { id: res.registrationId },
      data: { status: "REJECTED", reviewReason: "专业不相关", reviewedAt: clock.now() },
    });
    const rejected = (await me(res.accessCode)).body.data;
    expect(rejected).toMatchObject({ status: "REJECTED", reviewReason: "专业不相关" });
    const corrected = await call<RegistrationView>("PUT", "/api/apply/me", {
      code: res.accessCode,
      json: form({
        ...rejected?.form,
        field: "人工智能技术应用",
        email: "a@example.org",
        jobStartedOn: undefined,
      }),
    });
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.body.data).toMatchObject({
      status: "SUBMITTED",
      reviewReason: null,
      reviewedAt: null,
      form: { field: "人工智能技术应用", email: "a@example.org" },
    });
    // The same checks as applying.
    const barred = await call("PUT", "/api/apply/me", {
      code: res.accessCode,
      json: form({ ...rejected?.form, honours: ["全国技术能手"], email: undefined, jobStartedOn: undefined }),
    });
    expectRefused(barred, 422, "INELIGIBLE", "barred-honour");
    const moved = await call("PUT", "/api/apply/me", {
      code: res.accessCode,
      json: form({ ...rejected?.form, regionId: region.get(2), email: undefined, jobStartedOn: undefined }),
    });
    expectRefused(moved, 409, "CONFLICT");
    const late = await at(new Date(T0.getTime() + 10 * DAY), () =>
      call("PUT", "/api/apply/me", {
        code: res.accessCode,
        json: form({ ...rejected?.form, email: undefined, jobStartedOn: undefined }),
      }),
    );
    expectRefused(late, 409, "REGISTRATION_CLOSED");
    expect(
      (await at(new Date(T0.getTime() + 10 * DAY), () => me(res.accessCode))).body.data?.windowOpen,
    ).toBe(false);
  });

  it("refuses to take another's ID number on correction", async () => {
    const taken = newId();
    await applied({ idNumber: taken });
    const mine = await applied();
    const f = (await me(mine.accessCode)).body.data?.form;
    const r = await call("PUT", "/api/apply/me", {
      code: mine.accessCode,
      json: form({ ...f, idNumber: taken, email: undefined, jobStartedOn: undefined }),
    });
    expectRefused(r, 409, "ALREADY_REGISTERED");
  });

  it("withdraws, then refuses changes, and lets the person apply again", async () => {
    const idNumber = newId();
    const res = await applied({ idNumber });
    const w = await call<RegistrationView>("POST", "/api/apply/me/withdraw", {
      code: res.accessCode,
      json: {},
    });
    expect(w.body.data?.status).toBe("WITHDRAWN");
    const f = w.body.data?.form;
    expectRefused(
      await call("PUT", "/api/apply/me", {
        code: res.accessCode,
        json: form({ ...f, email: undefined, jobStartedOn: undefined }),
      }),
      409,
      "CONFLICT",
    );
    expectRefused(await upload(res.accessCode, PDF, "x.pdf"), 409, "CONFLICT");
    const again = await applied({ idNumber });
    expect(again.registrationId).not.toBe(res.registrationId);
    expectRefused(await me(res.accessCode), 404, "NOT_FOUND");
  });

  it("shows an approved applicant the ticket, the initial password until the exam begins, and the sittings", async () => {
    const res = await applied();
    const paper = await buildPaper(stack.db, {
      title: "Theory",
      questions: DEMO_QUESTIONS.slice(0, 1),
      tasks: [],
    });
    const venue = await stack.db.venue.create({
      data: { regionId: region.get(1), name: "南阳职业学院 机房 A", address: "南阳市卧龙区", capacity: 40 },
    });
    const session = await stack.db.examSession.create({
      data: {
        stageId,
        regionId: region.get(1),
        venueId: venue.id,
        paperId: paper.paperId,
        name: "理论考核 第一场",
        startsAt: new Date(T0.getTime() + 40 * DAY),
        durationMinutes: 90,
      },
    });
    const user = await stack.db.user.create({ data: { name: "张三", passwordHash: "x" } });
    const contestant = await stack.db.contestant.create({
      data: {
        userId: user.id,
        stageId,
        regionId: region.get(1),
        group: "STUDENT",
        ticketNumber: "2026-01-00042",
        initialPasswordSealed: seal(stack.config.SESSION_SECRET, "Pw-initial-123"),
      },
    });
    const attempt = await stack.db.attempt.create({
      data: { contestantId: contestant.id, examSessionId: session.id, seat: "A-07" },
    });
    await stack.db.registration.update({
      where: { id: res.registrationId },
      data: { status: "APPROVED", contestantId: contestant.id, reviewedAt: clock.now() },
    });
    const view = (await me(res.accessCode)).body.data;
    expect(view?.admission).toEqual({
      ticketNumber: "2026-01-00042",
      initialPassword: "Pw-initial-123",
      sittings: [
        {
          sessionName: "理论考核 第一场",
          startsAt: new Date(T0.getTime() + 40 * DAY).toISOString(),
          durationMinutes: 90,
          venue: "南阳职业学院 机房 A",
          address: "南阳市卧龙区",
          seat: "A-07",
        },
      ],
    });
    expectRefused(
      await call("POST", "/api/apply/me/withdraw", { code: res.accessCode, json: {} }),
      409,
      "CONFLICT",
    );
    expectRefused(
      await call("PUT", "/api/apply/me", {
        code: res.accessCode,
        json: form({ ...view?.form, email: undefined, jobStartedOn: undefined }),
      }),
      409,
      "CONFLICT",
    );
    await stack.db.attempt.update({ where: { id: attempt.id }, data: { status: "IN_PROGRESS" } });
    expect((await me(res.accessCode)).body.data?.admission?.initialPassword).toBeNull();
  });
});
