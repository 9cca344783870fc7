// The region host's review against the real server and PostgreSQL: approval issues a ticket number
// and password that sign in, evidence rules and states refuse approval, rejections need a reason,
// every decision is audited, ticket numbers follow no sequence, evidence downloads are exact, and a
// host of another region, other staff and strangers reach nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../core/platform/passwords.ts";
import { unseal } from "../../core/platform/secret-box.ts";
import { LocalDiskStore } from "../../core/storage/blob-store.ts";
import { createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import type { EligibilityBasis, EvidenceKind } from "../../protocol/contest.ts";
import { GROUP_OF_BASIS, idNumberCheckChar } from "../../protocol/contest.ts";
import type { ApprovalResult, RegistrationDetail, RegistrationRow } from "../../protocol/review.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let store: LocalDiskStore;
let contestId: string;
let stageId: string;
let regionA: string;
let regionB: string;
const staff = { hostA: "hostA", hostB: "hostB", proctor: "proctorA", judge: "judgeA", admin: "admin" };

beforeAll(async () => {
  stack = await startStack();
  store = new LocalDiskStore(stack.config.MEDIA_DIR);
  const regions = await upsertRegions(stack.db);
  regionA = regions.get(1) as string;
  regionB = regions.get(2) as string;
  const contest = await stack.db.contest.create({
    data: { name: "Review test", year: 2026 },
    select: { id: true },
  });
  contestId = contest.id;
  const stage = await stack.db.stage.create({
    data: { contestId, kind: "PRELIMINARY", name: "Preliminary" },
    select: { id: true },
  });
  stageId = stage.id;
  const hash = await hashPassword(PASSWORD);
  await createStaff(stack.db, {
    username: staff.hostA,
    name: "Host A",
    role: "REGION_HOST",
    regionId: regionA,
    password: PASSWORD,
    passwordHash: hash,
  });
  await createStaff(stack.db, {
    username: staff.hostB,
    name: "Host B",
    role: "REGION_HOST",
    regionId: regionB,
    password: PASSWORD,
    passwordHash: hash,
  });
  await createStaff(stack.db, {
    username: staff.proctor,
    name: "Proctor A",
    role: "PROCTOR",
    regionId: regionA,
    password: PASSWORD,
    passwordHash: hash,
  });
  await createStaff(stack.db, {
    username: staff.judge,
    name: "Judge A",
    role: "JUDGE",
    regionId: regionA,
    password: PASSWORD,
    passwordHash: hash,
  });
  await createStaff(stack.db, {
    username: staff.admin,
    name: "Admin",
    role: "ADMIN",
    password: PASSWORD,
    passwordHash: hash,
  });
});
const storedKeys: string[] = [];
afterAll(async () => {
  for (const key of storedKeys) await store?.delete(key);
  await stack?.stop();
});

const clients = new Map<string, Client>();
async function as(login: string): Promise<Client> {
  const known = clients.get(login);
  if (known) return known;
  const c = new Client(stack.baseUrl);
  expect((await c.login(login, PASSWORD)).status).toBe(200);
  clients.set(login, c);
  return c;
}

let people = 0;
/** A valid ID number nobody has used in this file. */
function newIdNumber(): string {
  people++;
  const first17 = `110105199${String(Math.floor(people / 300) % 10)}0101${String(people % 300).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

async function newRegistration(
  opts: {
    regionId?: string;
    basis?: EligibilityBasis;
    status?: "SUBMITTED" | "APPROVED" | "REJECTED" | "WITHDRAWN";
    evidence?: EvidenceKind[];
    name?: string;
  } = {},
): Promise<{ id: string; idNumber: string }> {
  const basis = opts.basis ?? "STUDENT";
  const idNumber = newIdNumber();
  const r = await stack.db.registration.create({
    data: {
      contestId,
      stageId,
      regionId: opts.regionId ?? regionA,
      group: GROUP_OF_BASIS[basis],
      basis,
      status: opts.status ?? "SUBMITTED",
      name: opts.name ?? `Applicant ${people}`,
      idNumber,
      phone: "13800138000",
      organisation: "示例职业技术学院",
      organisationKey: "示例职业技术学院",
      field: "人工智能",
      jobStartedOn: basis === "EMPLOYEE_JOB" ? new Date("2020-09-01") : null,
      honours: [],
      accessCodeHash: randomBytes(16).toString("hex"),
      submittedAt: new Date(),
    },
    select: { id: true },
  });
  for (const kind of opts.evidence ?? (basis === "STUDENT" ? ["STUDENT_STATUS"] : []))
    await addEvidence(r.id, kind);
  return { id: r.id, idNumber };
}

async function addEvidence(
  registrationId: string,
  kind: EvidenceKind,
  bytes: Buffer = Buffer.from("%PDF-1.4\n% test evidence\n%%EOF\n"),
  fileName = "学籍证明.pdf",
): Promise<string> {
  const storageKey = `test-evidence/${randomBytes(8).toString("hex")}`;
  await store.put(storageKey, bytes);
  storedKeys.push(storageKey);
  const e = await stack.db.evidence.create({
    data: {
      registrationId,
      kind,
      fileName,
      mediaType: "application/pdf",
      size: bytes.length,
      sha256: "0".repeat(64),
      storageKey,
    },
    select: { id: true },
  });
  return e.id;
}

const base = (regionId: string) => `/api/regions/${regionId}/registrations`;

describe("approve", () => {
  it("issues a ticket number and an initial password with which the contestant signs in", async () => {
    const reg = await newRegistration({ name: "王小明" });
    const host = await as(staff.hostA);
    const res = await host.post<ApprovalResult>(`${base(regionA)}/${reg.id}/approve`, { reason: "材料齐全" });
    expect(res.status).toBe(200);
    const issued = res.body.data as ApprovalResult;
    expect(issued.ticketNumber).toMatch(/^2601\d{8}$/);
    expect(issued.initialPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{10}$/);

    const row = await stack.db.registration.findUniqueOrThrow({ where: { id: reg.id } });
    expect(row).toMatchObject({
      status: "APPROVED",
      contestantId: issued.contestantId,
      reviewReason: "材料齐全",
    });
    const contestant = await stack.db.contestant.findUniqueOrThrow({
      where: { id: issued.contestantId },
      include: { user: true },
    });
    expect(contestant).toMatchObject({
      stageId,
      regionId: regionA,
      group: "STUDENT",
      ticketNumber: issued.ticketNumber,
    });
    expect(contestant.user.name).toBe("王小明");
    expect(unseal(stack.config.SESSION_SECRET, contestant.initialPasswordSealed ?? "")).toBe(
      issued.initialPassword,
    );

    const contestantClient = new Client(stack.baseUrl);
    const login = await contestantClient.login(issued.ticketNumber, issued.initialPassword);
    expect(login.status).toBe(200);
    expect((login.body.data as { roles: string[] }).roles).toEqual(["CONTESTANT"]);

    const list = await host.get<RegistrationRow[]>(`${base(regionA)}?status=APPROVED`);
    expect(list.body.data?.find((r) => r.id === reg.id)?.ticketNumber).toBe(issued.ticketNumber);
  });

  it("is refused while required evidence is missing, naming what is missing", async () => {
    const reg = await newRegistration({ basis: "EMPLOYEE_TEACHER", evidence: ["TEACHER_CERTIFICATE"] });
    const host = await as(staff.hostA);
    const refused = await host.post(`${base(regionA)}/${reg.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error?.details).toEqual({ missing: ["EMPLOYER_LETTER"] });
    const list = await host.get<RegistrationRow[]>(`${base(regionA)}?status=SUBMITTED&group=EMPLOYEE`);
    expect(list.body.data?.find((r) => r.id === reg.id)?.missingEvidence).toEqual(["EMPLOYER_LETTER"]);
    expect(await stack.db.contestant.count({ where: { registration: { id: reg.id } } })).toBe(0);
    expect((await stack.db.registration.findUniqueOrThrow({ where: { id: reg.id } })).status).toBe(
      "SUBMITTED",
    );

    await addEvidence(reg.id, "EMPLOYER_LETTER");
    const approved = await host.post(`${base(regionA)}/${reg.id}/approve`, {});
    expect(approved.status).toBe(200);
  });

  it("is refused for a registration that is not SUBMITTED, naming its status", async () => {
    const host = await as(staff.hostA);
    for (const status of ["APPROVED", "REJECTED", "WITHDRAWN"] as const) {
      const reg = await newRegistration({ status });
      const res = await host.post(`${base(regionA)}/${reg.id}/approve`, {});
      expect(res.status).toBe(409);
      expect(res.body.error?.message).toContain(status);
      expect(res.body.error?.details).toEqual({ status });
      const rej = await host.post(`${base(regionA)}/${reg.id}/reject`, { reason: "不符合条件" });
      expect(rej.status).toBe(409);
    }
  });

  it("gives 50 approvals 50 different ticket numbers with no sequence between neighbours", async () => {
    const host = await as(staff.hostA);
    const regs = [];
    for (let i = 0; i < 50; i++) regs.push(await newRegistration());
    const tickets: string[] = [];
    for (const reg of regs) {
      const res = await host.post<ApprovalResult>(`${base(regionA)}/${reg.id}/approve`, {});
      expect(res.status).toBe(200);
      tickets.push(res.body.data?.ticketNumber as string);
    }
    expect(new Set(tickets).size).toBe(50);
    for (const t of tickets) expect(t).toMatch(/^2601\d{8}$/);
    const tails = tickets.map((t) => Number(t.slice(4)));
    const steps = tails.slice(1).map((t, i) => t - (tails[i] as number));
    // Neighbours in approval order are not a small step apart, and the steps are not one constant.
    for (const s of steps) expect(Math.abs(s)).toBeGreaterThan(10);
    expect(new Set(steps).size).toBeGreaterThan(40);
  });
});

describe("reject", () => {
  it("requires a reason, then sets REJECTED with the reason the applicant reads", async () => {
    const reg = await newRegistration();
    const host = await as(staff.hostA);
    expect((await host.post(`${base(regionA)}/${reg.id}/reject`, {})).status).toBe(400);
    expect((await host.post(`${base(regionA)}/${reg.id}/reject`, { reason: " " })).status).toBe(400);
    const res = await host.post<RegistrationRow>(`${base(regionA)}/${reg.id}/reject`, {
      reason: "学籍证明不清晰，请重新上传",
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: reg.id, status: "REJECTED", ticketNumber: null });
    const row = await stack.db.registration.findUniqueOrThrow({ where: { id: reg.id } });
    expect(row).toMatchObject({
      status: "REJECTED",
      reviewReason: "学籍证明不清晰，请重新上传",
      contestantId: null,
    });
  });
});

describe("audit and detail", () => {
  it("records every decision, shown newest first in the detail's history with the actor's name", async () => {
    const reg = await newRegistration();
    const host = await as(staff.hostA);
    await host.post(`${base(regionA)}/${reg.id}/reject`, { reason: "缺少签字" });
    // The applicant corrects and resubmits (another helper's route; here, directly).
    await stack.db.registration.update({ where: { id: reg.id }, data: { status: "SUBMITTED" } });
    const approved = await host.post<ApprovalResult>(`${base(regionA)}/${reg.id}/approve`, {
      reason: "已补签",
    });
    expect(approved.status).toBe(200);

    const audit = await stack.db.auditEntry.findMany({
      where: { target: `registration:${reg.id}` },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["registration.reject", "registration.approve"]);
    expect(audit.every((a) => a.actorId !== null)).toBe(true);

    const detail = await host.get<RegistrationDetail>(`${base(regionA)}/${reg.id}`);
    expect(detail.status).toBe(200);
    const d = detail.body.data as RegistrationDetail;
    expect(d.idNumber).toBe(reg.idNumber);
    expect(d.idNumberMasked).toBe(`${"*".repeat(14)}${reg.idNumber.slice(-4)}`);
    expect(d.reviewedBy).toBe("Host A");
    expect(d.ticketNumber).toBe(approved.body.data?.ticketNumber);
    expect(d.history.map((h) => [h.action, h.reason, h.actor])).toEqual([
      ["registration.approve", "已补签", "Host A"],
      ["registration.reject", "缺少签字", "Host A"],
    ]);
  });

  it("lists with masked ID numbers and filters by status, group, stage and text", async () => {
    const reg = await newRegistration({ name: "筛选测试" });
    const host = await as(staff.hostA);
    const found = await host.get<RegistrationRow[]>(
      `${base(regionA)}?q=${encodeURIComponent("筛选")}&status=&stageId=${stageId}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.data?.map((r) => r.id)).toEqual([reg.id]);
    expect(found.body.data?.[0]?.idNumberMasked).toMatch(/^\*{14}.{4}$/);
    expect(JSON.stringify(found.body.data)).not.toContain(reg.idNumber);
    const byId = await host.get<RegistrationRow[]>(`${base(regionA)}?q=${reg.idNumber.slice(-6)}`);
    expect(byId.body.data?.map((r) => r.id)).toContain(reg.id);
    expect((await host.get(`${base(regionA)}?status=MAYBE`)).status).toBe(400);
  });
});

describe("evidence download", () => {
  it("streams the exact bytes with the stored type, an attachment name and no sniffing or caching", async () => {
    const reg = await newRegistration({ evidence: [] });
    const bytes = randomBytes(200_000);
    const evidenceId = await addEvidence(reg.id, "STUDENT_STATUS", bytes, "学籍 证明 (1).pdf");
    const host = await as(staff.hostA);
    const res = await fetch(`${stack.baseUrl}${base(regionA)}/${reg.id}/evidence/${evidenceId}`, {
      headers: { cookie: host.cookie },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? "")).toBe("学籍 证明 (1).pdf");
  });

  it("is a 404 for an evidence id of another registration", async () => {
    const a = await newRegistration();
    const b = await newRegistration();
    const evidenceOfB = await stack.db.evidence.findFirstOrThrow({ where: { registrationId: b.id } });
    const host = await as(staff.hostA);
    expect((await host.get(`${base(regionA)}/${a.id}/evidence/${evidenceOfB.id}`)).status).toBe(404);
  });
});

describe("region isolation", () => {
  it("gives a host of another region 404, other staff 403 and strangers 401 on every route", async () => {
    const reg = await newRegistration();
    const evidence = await stack.db.evidence.findFirstOrThrow({ where: { registrationId: reg.id } });
    const routes: { method: "GET" | "POST"; path: (regionId: string) => string; body?: unknown }[] = [
      { method: "GET", path: (r) => base(r) },
      { method: "GET", path: (r) => `${base(r)}/${reg.id}` },
      { method: "GET", path: (r) => `${base(r)}/${reg.id}/evidence/${evidence.id}` },
      { method: "POST", path: (r) => `${base(r)}/${reg.id}/approve`, body: {} },
      { method: "POST", path: (r) => `${base(r)}/${reg.id}/reject`, body: { reason: "不符合条件" } },
      { method: "GET", path: (r) => `/api/regions/${r}/imports/template.xlsx` },
      { method: "GET", path: (r) => `/api/regions/${r}/imports/template.csv` },
      { method: "POST", path: (r) => `/api/regions/${r}/imports?stageId=${stageId}`, body: {} },
    ];
    const hostB = await as(staff.hostB);
    const proctor = await as(staff.proctor);
    const judge = await as(staff.judge);
    const anonymous = new Client(stack.baseUrl);
    for (const route of routes) {
      const call = (c: Client, regionId: string) => c.request(route.method, route.path(regionId), route.body);
      const label = `${route.method} ${route.path("R")}`;
      expect((await call(hostB, regionA)).status, `host B on A: ${label}`).toBe(404);
      expect((await call(proctor, regionA)).status, `proctor: ${label}`).toBe(403);
      expect((await call(judge, regionA)).status, `judge: ${label}`).toBe(403);
      expect((await call(anonymous, regionA)).status, `anonymous: ${label}`).toBe(401);
    }
    // Region A's ids under host B's own region: not found either.
    for (const route of routes.slice(1, 5))
      expect((await hostB.request(route.method, route.path(regionB), route.body)).status).toBe(404);
    expect((await hostB.get<RegistrationRow[]>(base(regionB))).body.data?.some((r) => r.id === reg.id)).toBe(
      false,
    );
    const after = await stack.db.registration.findUniqueOrThrow({ where: { id: reg.id } });
    expect(after.status).toBe("SUBMITTED");
    expect(await stack.db.auditEntry.count({ where: { target: `registration:${reg.id}` } })).toBe(0);
  });

  it("lets an admin review any region", async () => {
    const reg = await newRegistration({ regionId: regionB });
    const admin = await as(staff.admin);
    expect((await admin.get(`${base(regionB)}/${reg.id}`)).status).toBe(200);
    expect((await admin.get(`${base(regionA)}/${reg.id}`)).status).toBe(404);
  });
});
