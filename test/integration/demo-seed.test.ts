// The demo seed goes through the services the pages use: on a fresh database it makes the contest a
// committee and a host would make by hand, with the tickets the README lists, and a second run keeps it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_TICKETS } from "../../prisma/demo-accounts.ts";
import { DEMO_SESSION_NAME, seedDemo } from "../../prisma/seed.ts";
import type { AdmissionTicket, AttemptSummary, Me, RegistrationRow } from "../../protocol/index.ts";
import { endDemoSitting } from "../../scripts/demo-end-sitting.ts";
import { Client, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let seeded: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  stack = await startStack();
  seeded = await seedDemo({ db: stack.db, config: stack.config });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function signedIn(login: string): Promise<Client> {
  const c = new Client(stack.baseUrl);
  const res = await c.login(login, DEMO_PASSWORD);
  expect(res.status, `${login} signs in`).toBe(200);
  return c;
}

describe("the demo seed", () => {
  it("seats twelve contestants with the README's tickets, in seat order", async () => {
    expect(seeded.created).toBe(true);
    expect(seeded.tickets).toEqual(DEMO_TICKETS);
    const attempts = await stack.db.attempt.findMany({
      where: { examSessionId: seeded.sessionId },
      select: { seat: true, status: true },
      orderBy: { seat: "asc" },
    });
    expect(attempts.map((a) => a.seat)).toEqual(
      DEMO_TICKETS.map((_, i) => `A${String(i + 1).padStart(2, "0")}`),
    );
    expect(attempts.every((a) => a.status === "NOT_STARTED")).toBe(true);
  });

  it("lets every seated contestant sign in with the demo password and see the seat", async () => {
    for (const [i, ticket] of DEMO_TICKETS.entries()) {
      const c = await signedIn(ticket);
      const mine = await c.get<AttemptSummary[]>("/api/attempts/mine");
      expect(mine.body.data?.[0]?.session.name).toBe(DEMO_SESSION_NAME);
      expect(mine.body.data?.[0]?.contestant.seat).toBe(`A${String(i + 1).padStart(2, "0")}`);
    }
  });

  it("leaves the host applications to review, and admission tickets with the password", async () => {
    const host = await signedIn("host-bj");
    const me = (await host.get<Me>("/api/me")).body.data;
    const regionId = me?.grants.find((g) => g.role === "REGION_HOST")?.regionId;
    expect(regionId).toBeTruthy();
    const rows =
      (await host.get<RegistrationRow[]>(`/api/regions/${regionId}/registrations`)).body.data ?? [];
    const byStatus = (s: string) => rows.filter((r) => r.status === s).length;
    expect([byStatus("APPROVED"), byStatus("SUBMITTED"), byStatus("REJECTED")]).toEqual([12, 3, 1]);
    // One waiting application has no proof yet: the host cannot approve it until it has.
    expect(rows.filter((r) => r.status === "SUBMITTED" && r.missingEvidence.length > 0)).toHaveLength(1);
    const tickets = await host.get<AdmissionTicket[]>(
      `/api/regions/${regionId}/sessions/${seeded.sessionId}/tickets`,
    );
    expect(
      tickets.body.data?.map((t) => [t.contestant.ticketNumber, t.sitting?.seat, t.initialPassword]),
    ).toEqual(DEMO_TICKETS.map((t, i) => [t, `A${String(i + 1).padStart(2, "0")}`, DEMO_PASSWORD]));
  });

  it("gives each staff account its own landing scope", async () => {
    const grants = async (login: string) => (await (await signedIn(login)).get<Me>("/api/me")).body.data;
    expect((await grants("admin"))?.roles).toContain("ADMIN");
    const proctor = await grants("proctor");
    expect(proctor?.proctorSessions.map((s) => s.id)).toEqual([seeded.sessionId]);
    expect((await grants("judge"))?.roles).toEqual(["JUDGE"]);
  });

  it("keeps the demo when run again", async () => {
    const again = await seedDemo({ db: stack.db, config: stack.config });
    expect(again).toMatchObject({ created: false, sessionId: seeded.sessionId, tickets: DEMO_TICKETS });
    expect(await stack.db.contest.count()).toBe(1);
    expect(await stack.db.registration.count()).toBe(16);
  });

  it("ends the sitting on demand; a new run starts it afresh unless its results were released", async () => {
    const db = stack.db;
    const session = await db.examSession.findUniqueOrThrow({ where: { id: seeded.sessionId } });
    // The sitting opened a minute ago and one contestant started.
    await db.examSession.update({
      where: { id: session.id },
      data: { startsAt: new Date(Date.now() - 60_000) },
    });
    const first = await signedIn(DEMO_TICKETS[0] as string);
    const mine = (await first.get<AttemptSummary[]>("/api/attempts/mine")).body.data ?? [];
    const attemptId = mine.find((a) => a.session.id === session.id)?.id as string;
    expect((await first.post(`/api/attempts/${attemptId}/start`, {})).status).toBe(200);

    const now = new Date();
    expect(await endDemoSitting(db, now)).toEqual({
      sessionId: session.id,
      closing: 1,
      absent: DEMO_TICKETS.length - 1,
      alreadyReleased: false,
    });
    const started = await db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(started.deadlineAt?.getTime()).toBe(now.getTime());
    const moved = await db.examSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(moved.startsAt.getTime()).toBeLessThan(now.getTime() - session.durationMinutes * 60_000);
    // The host's release now waits only for the attempt in progress, not for latecomers.
    const host = await signedIn("host-bj");
    const refused = await host.post(`/api/regions/${session.regionId}/sessions/${session.id}/release`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error?.details).toMatchObject({ inProgress: 1, notStarted: DEMO_TICKETS.length - 1 });
    expect(refused.body.error?.details).not.toHaveProperty("lateStartUntil");

    // Not released: the next run starts the sitting afresh.
    const again = await seedDemo({ db, config: stack.config });
    expect(again.startsAt.getTime()).toBeGreaterThan(now.getTime());
    expect((await db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).status).toBe("NOT_STARTED");

    // Released: the next run keeps it for the results pages, and ending it again changes nothing.
    await db.examSession.update({
      where: { id: session.id },
      data: { startsAt: new Date(now.getTime() - 200 * 60_000), resultsReleasedAt: now },
    });
    const kept = await seedDemo({ db, config: stack.config });
    expect(kept.startsAt.getTime()).toBe(now.getTime() - 200 * 60_000);
    expect((await endDemoSitting(db, new Date())).alreadyReleased).toBe(true);
  });
});
