// The national committee's administration against the real server and PostgreSQL: contests, stages,
// registration windows, regions and staff accounts, ADMIN only, every change audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExam, createContestant, createStaff } from "../../prisma/seed/builders.ts";
import { contestSettingsOf } from "../../protocol/contest.ts";
import type {
  ContestSummary,
  Me,
  RegionLoadResult,
  RegionSummary,
  StaffMember,
  StageSummary,
  WindowView,
} from "../../protocol/index.ts";
import type { Principal } from "../../server/auth/principal.ts";
import { principalOfUser } from "../../server/committee/actor.ts";
import { CommitteeService } from "../../server/committee/committee.service.ts";
import { StaffService } from "../../server/committee/staff.service.ts";
import type { ContestDeps } from "../../server/contest-deps.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let admin: Client;
let adminId: string;
const others: Record<"host" | "proctor" | "judge" | "contestant", Client> = {} as never;
let regions: RegionSummary[];
let region1: string;
let region2: string;
let session1: string;
let session2: string;
let contestantUserId: string;

async function signedIn(login: string, password = PASSWORD): Promise<Client> {
  const c = new Client(stack.baseUrl);
  const res = await c.login(login, password);
  expect(res.status, `sign-in of ${login}`).toBe(200);
  return c;
}

const patch = <T>(c: Client, path: string, body: unknown) => c.request<T>("PATCH", path, body);
const del = <T>(c: Client, path: string) => c.request<T>("DELETE", path);

function expectRefused(res: HttpResult, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error?.code).toBe(code);
}

/** The paths a 400 names. */
const refusedPaths = (res: HttpResult) =>
  ((res.body.error?.details ?? []) as { path: string }[]).map((d) => d.path);

const audits = (action: string, target?: string) =>
  stack.db.auditEntry.findMany({ where: { action, ...(target ? { target } : {}) }, orderBy: { at: "asc" } });

beforeAll(async () => {
  stack = await startStack();
  adminId = (
    await createStaff(stack.db, { username: "admin", password: PASSWORD, name: "Admin", role: "ADMIN" })
  ).userId;
  admin = await signedIn("admin");
  const load = await admin.post<RegionLoadResult>("/api/admin/regions/load");
  expect(load.status, load.text).toBe(200);
  regions = (await admin.get<RegionSummary[]>("/api/admin/regions")).body.data ?? [];
  region1 = regions[0]?.id ?? "";
  region2 = regions[1]?.id ?? "";
  const exam1 = await buildExam(stack.db, {
    regionId: region1,
    startsAt: new Date(),
    durationMinutes: 90,
    questions: [],
    tasks: [],
  });
  const exam2 = await buildExam(stack.db, {
    regionId: region2,
    startsAt: new Date(),
    durationMinutes: 90,
    questions: [],
    tasks: [],
  });
  session1 = exam1.sessionId;
  session2 = exam2.sessionId;
  await createStaff(stack.db, {
    username: "host1",
    password: PASSWORD,
    name: "Host",
    role: "REGION_HOST",
    regionId: region1,
  });
  await createStaff(stack.db, {
    username: "proctor1",
    password: PASSWORD,
    name: "Proctor",
    role: "PROCTOR",
    regionId: region1,
  });
  await createStaff(stack.db, { username: "judge1", password: PASSWORD, name: "Judge", role: "JUDGE" });
  contestantUserId = (
    await createContestant(stack.db, {
      stageId: exam1.stageId,
      sessionId: session1,
      ticketNumber: "T-001",
      password: PASSWORD,
      name: "Contestant",
    })
  ).userId;
  others.host = await signedIn("host1");
  others.proctor = await signedIn("proctor1");
  others.judge = await signedIn("judge1");
  others.contestant = await signedIn("T-001");
});
afterAll(async () => {
  await stack?.stop();
});

describe("who may use the committee's routes", () => {
  const ROUTES: [method: string, path: string, body?: unknown][] = [
    ["GET", "/api/admin/contests"],
    ["POST", "/api/admin/contests", { name: "X", year: 2021 }],
    ["PATCH", "/api/admin/contests/c1", { name: "X" }],
    ["POST", "/api/admin/contests/c1/stages", { kind: "PRELIMINARY", name: "P" }],
    ["PATCH", "/api/admin/stages/s1", { name: "P" }],
    [
      "PUT",
      "/api/admin/stages/s1/windows/r1",
      { opensAt: "2021-09-01T00:00:00Z", closesAt: "2021-09-30T00:00:00Z" },
    ],
    ["DELETE", "/api/admin/stages/s1/windows/r1"],
    ["GET", "/api/admin/regions"],
    ["POST", "/api/admin/regions/load", {}],
    ["PATCH", "/api/admin/regions/r1", { hostOrg: "X" }],
    ["GET", "/api/admin/staff"],
    [
      "POST",
      "/api/admin/staff",
      { username: "x", name: "x", password: "long enough!", grants: [{ role: "ADMIN" }] },
    ],
    ["PATCH", "/api/admin/staff/u1", { name: "X" }],
    ["POST", "/api/admin/staff/u1/grants", { role: "ADMIN" }],
    ["DELETE", "/api/admin/staff/u1/grants/g1"],
  ];

  it("refuses every admin route to each other role (403) and to strangers (401), changing nothing", async () => {
    const before = await stack.db.auditEntry.count();
    for (const [method, path, body] of ROUTES) {
      for (const [who, client] of Object.entries(others)) {
        const res = await client.request(method, path, body);
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(res.body.error?.code).toBe("FORBIDDEN");
      }
      const anon = await new Client(stack.baseUrl).request(method, path, body);
      expect(anon.status, `anonymous ${method} ${path}`).toBe(401);
      expect(anon.body.error?.code).toBe("UNAUTHENTICATED");
    }
    expect(await stack.db.auditEntry.count()).toBe(before);
  });

  it("lets any staff member read the contests, and neither a contestant nor a stranger", async () => {
    for (const c of [admin, others.host, others.proctor, others.judge])
      expect((await c.get("/api/contests")).status).toBe(200);
    expectRefused(await others.contestant.get("/api/contests"), 403, "FORBIDDEN");
    expectRefused(await new Client(stack.baseUrl).get("/api/contests"), 401, "UNAUTHENTICATED");
  });

  it("checks the actor in the services too, for callers without the HTTP guards", async () => {
    const deps = { db: stack.db, clock: stack.clock, config: stack.config } as unknown as ContestDeps;
    const host: Principal = {
      userId: "x",
      name: "Host",
      sessionId: "s",
      contestantIds: [],
      staff: [{ role: "REGION_HOST", regionId: region1, examSessionId: null }],
    };
    await expect(
      new CommitteeService(deps).createContest(host, { name: "X", year: 2021 }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(new StaffService(deps).list(host)).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The seed's way in: the admin's own grants, without a sign-in.
    const asAdmin = await principalOfUser(stack.db, adminId);
    expect((await new StaffService(deps).list(asAdmin)).map((m) => m.username)).toContain("admin");
  });
});

describe("contests", () => {
  let contestId: string;

  it("creates a contest with CONTEST.md's default settings, audited", async () => {
    const res = await admin.post<ContestSummary>("/api/admin/contests", {
      name: "  AI Trainer 2021 ",
      year: 2021,
    });
    expect(res.status, res.text).toBe(201);
    const c = res.body.data as ContestSummary;
    contestId = c.id;
    expect(c).toMatchObject({
      name: "AI Trainer 2021",
      year: 2021,
      theoryWeight: 30,
      practicalWeight: 70,
      stages: [],
    });
    expect(c.settings).toEqual(contestSettingsOf({}));
    const listed = (await admin.get<ContestSummary[]>("/api/admin/contests")).body.data ?? [];
    expect(listed.find((x) => x.id === contestId)?.settings.teamMaxSize).toBe(3);
    const [entry] = await audits("contest.create", `contest:${contestId}`);
    expect(entry?.actorId).toBe(adminId);
  });

  it("refuses a settings typo with a 400 naming the key, and stores nothing", async () => {
    const count = await stack.db.contest.count();
    const res = await admin.post("/api/admin/contests", {
      name: "Typo",
      year: 2021,
      settings: { teamMaxSzie: 4 },
    });
    expectRefused(res, 400, "VALIDATION_FAILED");
    expect(refusedPaths(res)).toEqual(["settings.teamMaxSzie"]);
    expect(JSON.stringify(res.body.error?.details)).toContain("teamMaxSzie");
    const wrongValue = await admin.post("/api/admin/contests", {
      name: "Big teams",
      year: 2021,
      settings: { teamMinSize: 5 },
    });
    expectRefused(wrongValue, 400, "VALIDATION_FAILED");
    expect(refusedPaths(wrongValue)).toEqual(["settings.teamMinSize"]);
    expect(await stack.db.contest.count()).toBe(count);
  });

  it("refuses weights that do not add up to 100", async () => {
    const res = await admin.post("/api/admin/contests", {
      name: "W",
      year: 2021,
      theoryWeight: 40,
      practicalWeight: 70,
    });
    expectRefused(res, 400, "VALIDATION_FAILED");
    expect(refusedPaths(res)).toEqual(["practicalWeight"]);
    const alone = await patch(admin, `/api/admin/contests/${contestId}`, { theoryWeight: 40 });
    expectRefused(alone, 400, "VALIDATION_FAILED");
    expect(alone.body.error?.details).toEqual([
      { path: "theoryWeight", message: expect.stringContaining("100") },
    ]);
  });

  it("changes fields, replaces the settings as a whole, and audits what changed", async () => {
    await patch(admin, `/api/admin/contests/${contestId}`, {
      settings: { teamMaxSize: 5, barredHonours: [] },
    });
    const res = await patch<ContestSummary>(admin, `/api/admin/contests/${contestId}`, {
      theoryWeight: 40,
      practicalWeight: 60,
      settings: { teamMaxSize: 4 },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ theoryWeight: 40, practicalWeight: 60 });
    expect(res.body.data?.settings).toEqual({ ...contestSettingsOf({}), teamMaxSize: 4 });
    const entries = await audits("contest.update", `contest:${contestId}`);
    expect(entries).toHaveLength(2);
    expect(entries[1]?.details).toMatchObject({
      changes: { theoryWeight: { from: 30, to: 40 }, practicalWeight: { from: 70, to: 60 } },
    });
    expectRefused(await patch(admin, "/api/admin/contests/nope", { name: "X" }), 404, "NOT_FOUND");
    expectRefused(
      await patch(admin, `/api/admin/contests/${contestId}`, { settings: { teamMaxSzie: 1 } }),
      400,
      "VALIDATION_FAILED",
    );
    expectRefused(
      await patch(admin, `/api/admin/contests/${contestId}`, { colour: "red" }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("refuses a NUL, a lone surrogate or a control character in a name", async () => {
    for (const name of ["a\u0000b", "a\ud800b", "a\u0007b"]) {
      expectRefused(await admin.post("/api/admin/contests", { name, year: 2021 }), 400, "VALIDATION_FAILED");
      expectRefused(
        await patch(admin, `/api/admin/contests/${contestId}`, { name }),
        400,
        "VALIDATION_FAILED",
      );
    }
  });

  describe("stages and registration windows", () => {
    let prelim: string;
    let final: string;

    it("adds stages with their dates, and refuses a stage that ends before it starts", async () => {
      const res = await admin.post<StageSummary>(`/api/admin/contests/${contestId}/stages`, {
        kind: "PRELIMINARY",
        name: "省级预赛 Preliminary",
        startsOn: "2021-10-10T09:00:00+08:00",
        endsOn: "2021-10-31T18:00:00+08:00",
      });
      expect(res.status, res.text).toBe(201);
      prelim = res.body.data?.id ?? "";
      expect(res.body.data).toMatchObject({ startsOn: "2021-10-10T01:00:00.000Z", windows: [] });
      const backwards = await admin.post(`/api/admin/contests/${contestId}/stages`, {
        kind: "PRELIMINARY",
        name: "Backwards",
        startsOn: "2021-10-10T09:00:00+08:00",
        endsOn: "2021-10-10T00:30:00Z",
      });
      expectRefused(backwards, 400, "VALIDATION_FAILED");
      expect(refusedPaths(backwards)).toEqual(["endsOn"]);
      const late = await patch(admin, `/api/admin/stages/${prelim}`, {
        startsOn: "2021-11-01T00:00:00+08:00",
      });
      expectRefused(late, 400, "VALIDATION_FAILED");
      expect(refusedPaths(late)).toEqual(["startsOn"]);
      expectRefused(
        await admin.post("/api/admin/contests/nope/stages", { kind: "PRELIMINARY", name: "P" }),
        404,
        "NOT_FOUND",
      );
      expectRefused(await patch(admin, "/api/admin/stages/nope", { name: "P" }), 404, "NOT_FOUND");
    });

    it("holds at most one final per contest", async () => {
      const res = await admin.post<StageSummary>(`/api/admin/contests/${contestId}/stages`, {
        kind: "FINAL",
        name: "全国总决赛 Final",
      });
      expect(res.status, res.text).toBe(201);
      final = res.body.data?.id ?? "";
      expectRefused(
        await admin.post(`/api/admin/contests/${contestId}/stages`, { kind: "FINAL", name: "Second final" }),
        409,
        "CONFLICT",
      );
      expectRefused(await patch(admin, `/api/admin/stages/${prelim}`, { kind: "FINAL" }), 409, "CONFLICT");
      const renamed = await patch<StageSummary>(admin, `/api/admin/stages/${final}`, {
        kind: "FINAL",
        name: "Final",
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect(await stack.db.stage.count({ where: { contestId, kind: "FINAL" } })).toBe(1);
      expect(await audits("stage.create", `stage:${final}`)).toHaveLength(1);
      expect((await audits("stage.update", `stage:${final}`))[0]?.details).toMatchObject({
        changes: { name: { from: "全国总决赛 Final", to: "Final" } },
      });
    });

    it("sets a region's window, replaces it, and refuses bad ones", async () => {
      const path = `/api/admin/stages/${prelim}/windows/${region1}`;
      const first = await admin.put<WindowView>(path, {
        opensAt: "2021-09-01T00:00:00+08:00",
        closesAt: "2021-09-20T00:00:00+08:00",
      });
      expect(first.status, first.text).toBe(200);
      const second = await admin.put<WindowView>(path, {
        opensAt: "2021-09-01T00:00:00+08:00",
        closesAt: "2021-09-25T00:00:00+08:00",
      });
      expect(second.body.data).toEqual({
        stageId: prelim,
        regionId: region1,
        opensAt: "2021-08-31T16:00:00.000Z",
        closesAt: "2021-09-24T16:00:00.000Z",
      });
      expect(await stack.db.registrationWindow.count({ where: { stageId: prelim } })).toBe(1);
      const backwards = await admin.put(path, {
        opensAt: "2021-09-25T00:00:00Z",
        closesAt: "2021-09-01T00:00:00Z",
      });
      expectRefused(backwards, 400, "VALIDATION_FAILED");
      expect(refusedPaths(backwards)).toEqual(["closesAt"]);
      const times = { opensAt: "2021-09-01T00:00:00Z", closesAt: "2021-09-20T00:00:00Z" };
      expectRefused(
        await admin.put(`/api/admin/stages/${prelim}/windows/no-such-region`, times),
        404,
        "NOT_FOUND",
      );
      expectRefused(
        await admin.put(`/api/admin/stages/no-such-stage/windows/${region1}`, times),
        404,
        "NOT_FOUND",
      );
      expectRefused(await admin.put(`/api/admin/stages/${final}/windows/${region1}`, times), 409, "CONFLICT");
      const seen = (await others.host.get<ContestSummary[]>("/api/contests")).body.data ?? [];
      const stage = seen.find((c) => c.id === contestId)?.stages.find((s) => s.id === prelim);
      expect(stage?.windows).toEqual([
        { regionId: region1, opensAt: "2021-08-31T16:00:00.000Z", closesAt: "2021-09-24T16:00:00.000Z" },
      ]);
      expect(await audits("window.set", `stage:${prelim}`)).toHaveLength(2);
      const other = await admin.post<StageSummary>(`/api/admin/contests/${contestId}/stages`, {
        kind: "PRELIMINARY",
        name: "Spare",
      });
      expect(
        (await admin.put(`/api/admin/stages/${other.body.data?.id}/windows/${region2}`, times)).status,
      ).toBe(200);
      await stack.db.stage.update({ where: { id: final }, data: { kind: "PRELIMINARY" } });
      const toFinal = await patch(admin, `/api/admin/stages/${other.body.data?.id}`, { kind: "FINAL" });
      expectRefused(toFinal, 409, "CONFLICT");
      expect(toFinal.body.error?.details).toEqual({ windows: 1 });
      await stack.db.stage.update({ where: { id: final }, data: { kind: "FINAL" } });
    });

    it("removes a window, unless someone has registered in it", async () => {
      const times = { opensAt: "2021-09-01T00:00:00Z", closesAt: "2021-09-20T00:00:00Z" };
      expect((await admin.put(`/api/admin/stages/${prelim}/windows/${region2}`, times)).status).toBe(200);
      const removed = await del(admin, `/api/admin/stages/${prelim}/windows/${region2}`);
      expect(removed.status, removed.text).toBe(200);
      expectRefused(await del(admin, `/api/admin/stages/${prelim}/windows/${region2}`), 404, "NOT_FOUND");
      await stack.db.registration.create({
        data: {
          contestId,
          stageId: prelim,
          regionId: region1,
          group: "STUDENT",
          basis: "STUDENT",
          name: "Applicant",
          idNumber: "11010519491231002X",
          phone: "13800000000",
          organisation: "School",
          organisationKey: "school",
          field: "AI",
          accessCodeHash: "hash-1",
          submittedAt: new Date(),
        },
      });
      const refused = await del(admin, `/api/admin/stages/${prelim}/windows/${region1}`);
      expectRefused(refused, 409, "CONFLICT");
      expect(refused.body.error?.details).toEqual({ registrations: 1 });
      expect(await stack.db.registrationWindow.count({ where: { stageId: prelim, regionId: region1 } })).toBe(
        1,
      );
      expect(await audits("window.delete", `stage:${prelim}`)).toHaveLength(1);
      const listed = (await admin.get<RegionSummary[]>("/api/admin/regions")).body.data ?? [];
      expect(listed.find((r) => r.id === region1)?.registrations).toEqual({
        submitted: 1,
        approved: 0,
        rejected: 0,
      });
      expect(listed.find((r) => r.id === region2)?.registrations).toEqual({
        submitted: 0,
        approved: 0,
        rejected: 0,
      });
    });
  });
});

describe("regions", () => {
  it("loaded the 20 regions of regions.json, in order, and a second load changes nothing", async () => {
    const [first] = await audits("regions.load");
    expect(first?.details).toMatchObject({ created: 20, updated: 0, unchanged: 0 });
    expect(regions.map((r) => r.no)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(regions[0]).toMatchObject({ nameZh: "北京", nameEn: "Beijing", hostOrg: "北京信息职业技术学院" });
    const again = await admin.post<RegionLoadResult>("/api/admin/regions/load");
    expect(again.body.data).toEqual({ created: 0, updated: 0, unchanged: 20 });
    expect(await stack.db.region.count()).toBe(20);
  });

  it("edits a region, and a load brings back the file's values for that region only", async () => {
    const res = await patch<RegionSummary>(admin, `/api/admin/regions/${region2}`, {
      hostOrg: "  新承办单位 ",
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ id: region2, no: 2, hostOrg: "新承办单位", nameEn: "Hebei" });
    expect((await audits("region.update", `region:${region2}`))[0]?.details).toEqual({
      changes: { hostOrg: { from: "河北工业职业技术大学", to: "新承办单位" } },
    });
    expectRefused(
      await patch(admin, `/api/admin/regions/${region2}`, { hostOrg: "" }),
      400,
      "VALIDATION_FAILED",
    );
    expectRefused(
      await patch(admin, `/api/admin/regions/${region2}`, { nameZh: "x\u0000" }),
      400,
      "VALIDATION_FAILED",
    );
    expectRefused(await patch(admin, "/api/admin/regions/nope", { hostOrg: "X" }), 404, "NOT_FOUND");
    const load = await admin.post<RegionLoadResult>("/api/admin/regions/load");
    expect(load.body.data).toEqual({ created: 0, updated: 1, unchanged: 19 });
    const row = await stack.db.region.findUniqueOrThrow({ where: { id: region2 } });
    expect(row.hostOrg).toBe("河北工业职业技术大学");
  });
});

describe("staff accounts", () => {
  let hostId: string;

  it("creates a region host who signs in and sees their grant", async () => {
    const res = await admin.post<StaffMember>("/api/admin/staff", {
      username: "host.beijing",
      name: "北京承办",
      password: "a long password",
      contact: "13900000000",
      grants: [{ role: "REGION_HOST", regionId: region1 }],
    });
    expect(res.status, res.text).toBe(201);
    hostId = res.body.data?.userId ?? "";
    expect(res.body.data).toMatchObject({ username: "host.beijing", contact: "13900000000" });
    expect(JSON.stringify(res.body)).not.toContain("a long password");
    const user = await stack.db.user.findUniqueOrThrow({ where: { id: hostId } });
    expect(user.passwordHash).toMatch(/^\$argon2/);
    const host = await signedIn("host.beijing", "a long password");
    const me = await host.get<Me>("/api/me");
    expect(me.body.data?.grants).toEqual([
      {
        role: "REGION_HOST",
        regionId: region1,
        region: { no: 1, nameZh: "北京", nameEn: "Beijing" },
        examSessionId: null,
      },
    ]);
    expect(me.body.data?.roles).toEqual(["REGION_HOST"]);
    const [entry] = await audits("staff.create", `user:${hostId}`);
    expect(entry?.actorId).toBe(adminId);
    expect(JSON.stringify(entry?.details)).not.toContain("a long password");
  });

  it("refuses a taken user name and bad grants, creating nothing", async () => {
    const users = await stack.db.user.count();
    const base = { name: "X", password: "a long password" };
    const dup = await admin.post("/api/admin/staff", {
      ...base,
      username: "host.beijing",
      grants: [{ role: "JUDGE" }],
    });
    expectRefused(dup, 409, "CONFLICT");
    const badGrants: [unknown, string][] = [
      [{ role: "PROCTOR", regionId: "no-such-region" }, "grants.0.regionId"],
      [{ role: "PROCTOR", examSessionId: "no-such-session" }, "grants.0.examSessionId"],
      [{ role: "PROCTOR", regionId: region1, examSessionId: session2 }, "grants.0.examSessionId"],
      [{ role: "REGION_HOST", regionId: region1, examSessionId: session1 }, "grants.0.examSessionId"],
      [{ role: "ADMIN", regionId: region1 }, "grants.0.role"],
    ];
    for (const [grant, path] of badGrants) {
      const res = await admin.post("/api/admin/staff", { ...base, username: "newcomer", grants: [grant] });
      expectRefused(res, 400, "VALIDATION_FAILED");
      expect(refusedPaths(res), JSON.stringify(grant)).toEqual([path]);
    }
    const twice = await admin.post("/api/admin/staff", {
      ...base,
      username: "newcomer",
      grants: [{ role: "JUDGE" }, { role: "JUDGE" }],
    });
    expectRefused(twice, 400, "VALIDATION_FAILED");
    for (const name of ["a\u0000b", "a\ud800b"])
      expectRefused(
        await admin.post("/api/admin/staff", {
          ...base,
          name,
          username: "newcomer",
          grants: [{ role: "JUDGE" }],
        }),
        400,
        "VALIDATION_FAILED",
      );
    expect(await stack.db.user.count()).toBe(users);
    const ok = await admin.post<StaffMember>("/api/admin/staff", {
      ...base,
      username: "proctor.s1",
      grants: [{ role: "PROCTOR", regionId: region1, examSessionId: session1 }],
    });
    expect(ok.status, ok.text).toBe(201);
  });

  it("refuses a user name equal to a ticket number", async () => {
    await stack.db.contestant.update({ where: { ticketNumber: "T-001" }, data: { ticketNumber: "t-001" } });
    const res = await admin.post("/api/admin/staff", {
      name: "X",
      password: "a long password",
      username: "t-001",
      grants: [{ role: "JUDGE" }],
    });
    expectRefused(res, 409, "CONFLICT");
    await stack.db.contestant.update({ where: { ticketNumber: "t-001" }, data: { ticketNumber: "T-001" } });
  });

  it("lists staff by role and region, never a contestant, and 404s for a contestant's account", async () => {
    const all = (await admin.get<StaffMember[]>("/api/admin/staff")).body.data ?? [];
    expect(all.map((m) => m.username)).toEqual([...all.map((m) => m.username)].sort());
    expect(all.map((m) => m.userId)).not.toContain(contestantUserId);
    const hosts = (await admin.get<StaffMember[]>(`/api/admin/staff?role=REGION_HOST&regionId=${region1}`))
      .body.data;
    expect(hosts?.map((m) => m.username)).toEqual(["host.beijing", "host1"]);
    expect(
      (await admin.get<StaffMember[]>("/api/admin/staff?role=ADMIN")).body.data?.map((m) => m.username),
    ).toEqual(["admin"]);
    expectRefused(await admin.get("/api/admin/staff?role=KING"), 400, "VALIDATION_FAILED");
    expectRefused(await admin.get("/api/admin/staff?colour=red"), 400, "VALIDATION_FAILED");
    expectRefused(
      await patch(admin, `/api/admin/staff/${contestantUserId}`, { name: "X" }),
      404,
      "NOT_FOUND",
    );
    expectRefused(
      await admin.post(`/api/admin/staff/${contestantUserId}/grants`, { role: "ADMIN" }),
      404,
      "NOT_FOUND",
    );
    expectRefused(await patch(admin, "/api/admin/staff/nobody", { name: "X" }), 404, "NOT_FOUND");
  });

  it("adds and removes grants", async () => {
    const added = await admin.post<StaffMember>(`/api/admin/staff/${hostId}/grants`, {
      role: "JUDGE",
      regionId: region1,
    });
    expect(added.status, added.text).toBe(201);
    const judge = added.body.data?.grants.find((g) => g.role === "JUDGE");
    expect(judge).toMatchObject({ regionId: region1, examSessionId: null });
    expectRefused(
      await admin.post(`/api/admin/staff/${hostId}/grants`, { role: "JUDGE", regionId: region1 }),
      409,
      "CONFLICT",
    );
    expectRefused(
      await admin.post(`/api/admin/staff/${hostId}/grants`, { role: "JUDGE", regionId: "no-such-region" }),
      400,
      "VALIDATION_FAILED",
    );
    const other = (await stack.db.staffRole.findFirstOrThrow({ where: { role: "ADMIN" } })).id;
    expectRefused(await del(admin, `/api/admin/staff/${hostId}/grants/${other}`), 404, "NOT_FOUND");
    const removed = await del<StaffMember>(admin, `/api/admin/staff/${hostId}/grants/${judge?.id}`);
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.data?.grants.map((g) => g.role)).toEqual(["REGION_HOST"]);
    expect(await audits("staff.grant-add", `user:${hostId}`)).toHaveLength(1);
    expect((await audits("staff.grant-remove", `user:${hostId}`))[0]?.details).toMatchObject({
      grantId: judge?.id,
      role: "JUDGE",
    });
  });

  it("resets a password: the old sign-ins end, the new password works, the old one does not", async () => {
    const a = await signedIn("host.beijing", "a long password");
    const b = await signedIn("host.beijing", "a long password");
    const res = await patch<StaffMember>(admin, `/api/admin/staff/${hostId}`, {
      password: "another long password",
      name: "北京承办单位",
      contact: null,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ name: "北京承办单位", contact: null });
    for (const c of [a, b]) expectRefused(await c.get("/api/me"), 401, "UNAUTHENTICATED");
    expect(await stack.db.authSession.count({ where: { userId: hostId } })).toBe(0);
    expect((await new Client(stack.baseUrl).login("host.beijing", "a long password")).status).toBe(401);
    await signedIn("host.beijing", "another long password");
    const [entry] = await audits("staff.update", `user:${hostId}`);
    expect(entry?.details).toEqual({
      name: { from: "北京承办", to: "北京承办单位" },
      contact: { from: "13900000000", to: null },
      passwordReset: true,
      endedSignIns: 3,
    });
    expect(JSON.stringify(entry?.details)).not.toContain("another long password");
    expectRefused(await patch(admin, `/api/admin/staff/${hostId}`, {}), 400, "VALIDATION_FAILED");
    expectRefused(
      await patch(admin, `/api/admin/staff/${hostId}`, { password: "short" }),
      400,
      "VALIDATION_FAILED",
    );
  });

  it("keeps the last admin grant, and an admin's own, but lets one admin remove another's", async () => {
    const own = await stack.db.staffRole.findFirstOrThrow({ where: { userId: adminId, role: "ADMIN" } });
    const last = await del(admin, `/api/admin/staff/${adminId}/grants/${own.id}`);
    expectRefused(last, 409, "CONFLICT");
    expect(last.body.error?.details).toEqual({ rule: "last-admin" });
    const second = await admin.post<StaffMember>("/api/admin/staff", {
      username: "admin2",
      name: "Second admin",
      password: "a long password",
      grants: [{ role: "ADMIN" }],
    });
    expect(second.status, second.text).toBe(201);
    const admin2 = await signedIn("admin2", "a long password");
    const self = await del(admin, `/api/admin/staff/${adminId}/grants/${own.id}`);
    expectRefused(self, 409, "CONFLICT");
    expect(self.body.error?.details).toEqual({ rule: "own-admin" });
    expect(await stack.db.staffRole.count({ where: { role: "ADMIN" } })).toBe(2);
    const grant2 = second.body.data?.grants[0]?.id;
    const removed = await del<StaffMember>(
      admin,
      `/api/admin/staff/${second.body.data?.userId}/grants/${grant2}`,
    );
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.data?.grants).toEqual([]);
    expectRefused(await admin2.get("/api/admin/staff"), 403, "FORBIDDEN");
    // Still a staff account, without grants: it can be given one back.
    const listed = (await admin.get<StaffMember[]>("/api/admin/staff")).body.data ?? [];
    expect(listed.find((m) => m.username === "admin2")?.grants).toEqual([]);
  });
});

describe("the live side of staff changes", () => {
  it("names the sign-ins a password reset ended and those of an account whose grant was removed", async () => {
    const deps = { db: stack.db, clock: stack.clock, config: stack.config } as unknown as ContestDeps;
    const ended: string[][] = [];
    const service = new StaffService(deps, { ended: (ids) => ended.push(ids) });
    const asAdmin = await principalOfUser(stack.db, adminId);
    const created = await service.createStaff(asAdmin, {
      username: "proctor.live",
      name: "Live",
      password: "a long password",
      grants: [{ role: "PROCTOR", regionId: region1 }, { role: "JUDGE" }],
    });
    await signedIn("proctor.live", "a long password");
    const sessions = async () =>
      (await stack.db.authSession.findMany({ where: { userId: created.userId }, select: { id: true } })).map(
        (x) => x.id,
      );
    const before = await sessions();
    expect(before).toHaveLength(1);
    const judge = created.grants.find((g) => g.role === "JUDGE")?.id ?? "";
    await service.removeGrant(asAdmin, created.userId, judge);
    // The grant's sockets close; the sign-in itself stays.
    expect(ended).toEqual([before]);
    expect(await sessions()).toEqual(before);
    await service.update(asAdmin, created.userId, { password: "yet another password" });
    expect(ended).toEqual([before, before]);
    expect(await sessions()).toEqual([]);
  });
});

describe("the audit trail", () => {
  it("holds an entry by the admin for every kind of change", async () => {
    const rows = await stack.db.auditEntry.groupBy({ by: ["action"], _count: { _all: true } });
    expect(rows.map((r) => r.action).sort()).toEqual(
      [
        "contest.create",
        "contest.update",
        "region.update",
        "regions.load",
        "staff.create",
        "staff.grant-add",
        "staff.grant-remove",
        "staff.update",
        "stage.create",
        "stage.update",
        "window.delete",
        "window.set",
      ].sort(),
    );
    expect(await stack.db.auditEntry.count({ where: { actorId: { not: adminId } } })).toBe(0);
  });
});
