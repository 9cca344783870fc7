// Proctors' reports reach the judges (issue 12): a proctor reports a contestant through the real
// proctor socket, and the judge's session list counts it and the judge's review shows it first,
// beside the page's own incidents counted by kind; a judge of another region still gets 404, and
// the contestant's own result and appeals never carry a report.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/platform/clock.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { createStaff, DEFAULT_BOX_TASK, upsertRegions } from "../../prisma/seed/builders.ts";
import type { IncidentView, SessionRoster } from "../../protocol/index.ts";
import { type AttemptReview, type JudgeAttemptRow, REVIEW_INCIDENTS_CAP } from "../../protocol/judging.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { waitUntil } from "../helpers/processes.ts";
import { Client, connected, emitAck, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

const clock = new ManualClock(new Date("2026-06-01T08:00:00Z"));
const REASON = "Looked at a phone under the desk";
const NOTE = "Seat by the window, twice in ten minutes";

let stack: Stack;
let fx: ExamFixture;
let a1: string;
let a2: string;
let ps: Socket;
let cs1: Socket;
let reporterName: string;
const clients: Record<string, Client> = {};
const c = (name: string) => clients[name] as Client;

const reviewPath = (attemptId: string) => `/api/judge/attempts/${attemptId}/review`;
const listPath = () => `/api/judge/sessions/${fx.sessionId}/attempts`;

function expectError(res: HttpResult, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error?.code, res.text).toBe(code);
}

beforeAll(async () => {
  stack = await startStack({ clock, worker: true });
  fx = await newExamFixture(stack.db, {
    now: clock.now(),
    durationMinutes: 60,
    contestants: 2,
    tasks: [{ ...DEFAULT_BOX_TASK, sceneSeeds: [11, 22] }],
  });
  [a1, a2] = fx.contestants.map((x) => x.attemptId) as [string, string];
  const regions = await upsertRegions(stack.db);
  const passwordHash = await hashPassword(PASSWORD);
  await createStaff(stack.db, {
    username: "judge-a",
    name: "Judge A",
    role: "JUDGE",
    regionId: fx.regionId ?? "",
    password: PASSWORD,
    passwordHash,
  });
  await createStaff(stack.db, {
    username: "judge-b",
    name: "Judge B",
    role: "JUDGE",
    regionId: regions.get(2) ?? "",
    password: PASSWORD,
    passwordHash,
  });
  for (const login of ["judge-a", "judge-b", fx.proctor, fx.admin, "T-001", "T-002"]) {
    const client = new Client(stack.baseUrl);
    expect((await client.login(login, PASSWORD)).status).toBe(200);
    clients[login] = client;
  }
  for (const id of [a1, a2])
    expect((await c(id === a1 ? "T-001" : "T-002").post(`/api/attempts/${id}/start`)).status).toBe(200);
  ps = c(fx.proctor).socket("/proctor");
  await connected(ps);
  expect((await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data).toBeTruthy();
  cs1 = c("T-001").socket("/exam");
  await connected(cs1);
});
afterAll(async () => {
  for (const s of [ps, cs1]) s?.disconnect();
  await stack?.stop();
});

describe("a proctor's report to the judges", () => {
  it("is counted in the judge's list and shown first in the review, beside the page's incidents", async () => {
    // The page's own incident, then the proctor's report.
    const pageIncident = await emitAck(cs1, "incident:report", {
      attemptId: a1,
      kind: "tab-hidden",
      details: { hiddenMs: 1200 },
    });
    expect(pageIncident.error).toBeUndefined();
    clock.advance(1000);
    const report = await emitAck<IncidentView>(ps, "attempt:report", {
      attemptId: a1,
      reason: REASON,
      note: NOTE,
    });
    expect(report.error).toBeUndefined();
    reporterName = String(((report.data?.details ?? {}) as { reporterName?: unknown }).reporterName);
    expect(reporterName.length).toBeGreaterThan(0);
    clock.advance(1000);
    expect(
      (await emitAck(ps, "attempt:report", { attemptId: a1, reason: "Talked to a neighbour" })).error,
    ).toBeUndefined();

    const list = await c("judge-a").get<JudgeAttemptRow[]>(listPath());
    expect(list.status, list.text).toBe(200);
    const rows = list.body.data as JudgeAttemptRow[];
    expect(rows.find((r) => r.attemptId === a1)).toMatchObject({ reports: 2 });
    expect(rows.find((r) => r.attemptId === a2)).toMatchObject({ reports: 0 });

    const res = await c("judge-a").get<AttemptReview>(reviewPath(a1));
    expect(res.status, res.text).toBe(200);
    const inc = (res.body.data as AttemptReview).incidents;
    expect(inc.reports).toEqual([
      {
        id: report.data?.id,
        at: report.data?.at,
        reason: REASON,
        note: NOTE,
        reporter: reporterName,
      },
      expect.objectContaining({ reason: "Talked to a neighbour", note: null, reporter: reporterName }),
    ]);
    expect(inc.counts).toEqual({ "tab-hidden": 1 });
    expect(inc.total).toBe(1);
    expect(inc.truncated).toBe(false);
    expect(inc.list).toEqual([expect.objectContaining({ kind: "tab-hidden", details: { hiddenMs: 1200 } })]);

    // An attempt nobody reported: nothing to show.
    const quiet = (await c("judge-a").get<AttemptReview>(reviewPath(a2))).body.data as AttemptReview;
    expect(quiet.incidents).toEqual({ reports: [], counts: {}, total: 0, list: [], truncated: false });
  });

  it("counts every page incident but lists only the latest ones", async () => {
    const base = clock.now().getTime();
    const n = REVIEW_INCIDENTS_CAP + 5;
    await stack.db.incident.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        attemptId: a2,
        kind: i % 2 === 0 ? "window-blur" : "copy",
        at: new Date(base + i * 1000),
        details: { seq: i },
      })),
    });
    const inc = ((await c("judge-a").get<AttemptReview>(reviewPath(a2))).body.data as AttemptReview)
      .incidents;
    expect(inc.total).toBe(n);
    expect(inc.counts).toEqual({ "window-blur": Math.ceil(n / 2), copy: Math.floor(n / 2) });
    expect(inc.list).toHaveLength(REVIEW_INCIDENTS_CAP);
    expect(inc.truncated).toBe(true);
    // Oldest first, the oldest five left out.
    expect(inc.list[0]?.details).toEqual({ seq: 5 });
    expect(inc.list.at(-1)?.details).toEqual({ seq: n - 1 });
    expect(inc.reports).toEqual([]);
  });

  it("is refused as before: 404 to a judge of another region, 403 to proctors and contestants", async () => {
    expectError(await c("judge-b").get(reviewPath(a1)), 404, "NOT_FOUND");
    expectError(await c("judge-b").get(listPath()), 404, "NOT_FOUND");
    for (const who of [fx.proctor, "T-001"]) {
      expectError(await c(who).get(reviewPath(a1)), 403, "FORBIDDEN");
      expectError(await c(who).get(listPath()), 403, "FORBIDDEN");
    }
    expect((await c(fx.admin).get(reviewPath(a1))).status).toBe(200);
  });

  it("never reaches the contestant: not in the released result nor in the appeals", async () => {
    for (const [id, who] of [
      [a1, "T-001"],
      [a2, "T-002"],
    ] as const)
      expect((await c(who).post(`/api/attempts/${id}/submit`)).status).toBe(200);
    await stack.worker?.sweep();
    await waitUntil(
      async () => (await stack.db.attempt.count({ where: { id: { in: [a1, a2] }, status: "SCORED" } })) === 2,
      20_000,
      "the scoring",
    );
    const released = await c(fx.admin).post(
      `/api/regions/${fx.regionId}/sessions/${fx.sessionId}/release`,
      {},
    );
    expect(released.status, released.text).toBe(200);

    const result = await c("T-001").get(`/api/attempts/${a1}/results`);
    expect(result.status, result.text).toBe(200);
    const appeals = await c("T-001").get(`/api/attempts/${a1}/appeals`);
    expect(appeals.status, appeals.text).toBe(200);
    for (const text of [result.text, appeals.text])
      for (const secret of ["proctor-report", REASON, NOTE, "Talked to a neighbour", "reporter", "incident"])
        expect(text).not.toContain(secret);
    // The judge still sees the report after the release.
    const review = (await c("judge-a").get<AttemptReview>(reviewPath(a1))).body.data as AttemptReview;
    expect(review.incidents.reports.map((r) => r.reason)).toEqual([REASON, "Talked to a neighbour"]);
  });
});
