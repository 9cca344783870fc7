// A region's own work against the real server and PostgreSQL: venues, sessions, seating, the
// region's proctors and judges and the admission tickets; a host of another region finds none of it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../core/platform/passwords.ts";
import { seal } from "../../core/platform/secret-box.ts";
import { buildExam, createStaff, upsertRegions } from "../../prisma/seed/builders.ts";
import { DEMO_QUESTIONS } from "../../prisma/seed/questions.ts";
import type {
  AdmissionTicket,
  AttemptSummary,
  PaperOption,
  RegionOption,
  SeatView,
  SessionRoster,
  SessionView,
  StaffMember,
  VenueView,
} from "../../protocol/index.ts";
import { PASSWORD } from "../helpers/factories.ts";
import { Client, type HttpResult, type Stack, startStack } from "../helpers/stack.ts";

let stack: Stack;
let regionA: string;
let regionB: string;
let stageA: string;
let stageA2: string;
let stageB: string;
let paperId: string;
let contestId: string;
let sessionB: string;
let passwordHash: string;
const users: Record<string, string> = {};
const grants: Record<string, string> = {};
const INITIAL_PASSWORD = "Initial-pw-2021";

let hostA: Client;
let hostB: Client;
let admin: Client;
let proctor: Client;
let judge: Client;
let anonymous: Client;

beforeAll(async () => {
  stack = await startStack();
  const db = stack.db;
  const regions = await upsertRegions(db);
  regionA = regions.get(1) ?? "";
  regionB = regions.get(2) ?? "";
  const now = Date.now();
  const examA = await buildExam(db, {
    regionId: regionA,
    sessionName: "Region A paper",
    startsAt: new Date(now - 60_000),
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 2),
    tasks: [],
  });
  stageA = examA.stageId;
  paperId = examA.paperId;
  contestId = examA.contestId;
  const examB = await buildExam(db, {
    regionId: regionB,
    sessionName: "Region B paper",
    startsAt: new Date(now + 3_600_000),
    durationMinutes: 90,
    questions: DEMO_QUESTIONS.slice(0, 1),
    tasks: [],
  });
  stageB = examB.stageId;
  sessionB = examB.sessionId;
  stageA2 = (
    await db.stage.create({
      data: { contestId, kind: "FINAL", regionId: regionA, name: "Another stage" },
      select: { id: true },
    })
  ).id;
  passwordHash = await hashPassword(PASSWORD);
  const staff: [string, "ADMIN" | "REGION_HOST" | "PROCTOR" | "JUDGE", string | undefined][] = [
    ["host-a", "REGION_HOST", regionA],
    ["host-b", "REGION_HOST", regionB],
    ["admin", "ADMIN", undefined],
    ["proctor-a", "PROCTOR", regionA],
    ["judge-a", "JUDGE", regionA],
    ["proctor-b", "PROCTOR", regionB],
  ];
  for (const [username, role, regionId] of staff) {
    const { userId } = await createStaff(db, {
      username,
      name: username,
      role,
      password: PASSWORD,
      passwordHash,
      ...(regionId ? { regionId } : {}),
    });
    users[username] = userId;
    grants[username] = (await db.staffRole.findFirstOrThrow({ where: { userId }, select: { id: true } })).id;
  }
  hostA = await signedIn("host-a");
  hostB = await signedIn("host-b");
  admin = await signedIn("admin");
  proctor = await signedIn("proctor-a");
  judge = await signedIn("judge-a");
  anonymous = new Client(stack.baseUrl);
});
afterAll(async () => {
  await stack?.stop();
});

async function signedIn(login: string, password = PASSWORD): Promise<Client> {
  const c = new Client(stack.baseUrl);
  expect((await c.login(login, password)).status).toBe(200);
  return c;
}

const patch = <T>(c: Client, path: string, body: unknown) => c.request<T>("PATCH", path, body);
const del = <T>(c: Client, path: string) => c.request<T>("DELETE", path);

/** An approved contestant: a Contestant row of the region and stage (a registration when asked). */
async function contestant(
  opts: {
    ticket: string;
    regionId?: string;
    stageId?: string;
    group?: "EMPLOYEE" | "STUDENT";
    sealed?: boolean;
    idNumber?: string;
    registrationStatus?: "APPROVED" | "WITHDRAWN";
  } = { ticket: "" },
): Promise<string> {
  const db = stack.db;
  const regionId = opts.regionId ?? regionA;
  const user = await db.user.create({
    data: { name: `Name ${opts.ticket}`, passwordHash },
    select: { id: true },
  });
  const c = await db.contestant.create({
    data: {
      userId: user.id,
      stageId: opts.stageId ?? stageA,
      regionId,
      group: opts.group ?? "STUDENT",
      ticketNumber: opts.ticket,
      organisation: "Test University",
      initialPasswordSealed: opts.sealed ? seal(stack.config.SESSION_SECRET, INITIAL_PASSWORD) : null,
    },
    select: { id: true },
  });
  if (opts.idNumber || opts.registrationStatus) {
    await db.registration.create({
      data: {
        contestId,
        stageId: opts.stageId ?? stageA,
        regionId,
        group: opts.group ?? "STUDENT",
        basis: "STUDENT",
        status: opts.registrationStatus ?? "APPROVED",
        name: `Name ${opts.ticket}`,
        idNumber: opts.idNumber ?? `11010519491231${randomBytes(2).toString("hex")}`,
        phone: "13800000000",
        organisation: "Test University",
        organisationKey: "test university",
        field: "Computer science",
        accessCodeHash: randomBytes(16).toString("hex"),
        submittedAt: new Date(),
        contestantId: c.id,
      },
    });
  }
  return c.id;
}

async function auditActions(target: string): Promise<string[]> {
  const rows = await stack.db.auditEntry.findMany({
    where: { target },
    select: { action: true },
    orderBy: { at: "asc" },
  });
  return rows.map((r) => r.action);
}

function expectError(res: HttpResult, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  if (code) expect(res.body.error?.code).toBe(code);
}

const sessionBody = (over: Record<string, unknown> = {}) => ({
  stageId: stageA,
  venueId: null,
  paperId,
  name: "Morning sitting",
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  durationMinutes: 90,
  lateStartMinutes: 30,
  ...over,
});

describe("what a region's staff choose from", () => {
  it("lists the regions the principal runs, by number", async () => {
    const mine = await hostA.get<RegionOption[]>("/api/regions");
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual([expect.objectContaining({ id: regionA, no: 1 })]);
    const all = (await admin.get<RegionOption[]>("/api/regions")).body.data ?? [];
    expect(all.length).toBe(20);
    expect(all.map((r) => r.no)).toEqual([...all.map((r) => r.no)].sort((a, b) => a - b));
    expect(all[0]).toEqual({
      id: regionA,
      no: 1,
      nameZh: expect.any(String),
      nameEn: expect.any(String),
      hostOrg: expect.any(String),
    });
    expect((await proctor.get("/api/regions")).body.data).toEqual([]);
    expectError(await anonymous.get("/api/regions"), 401, "UNAUTHENTICATED");
  });

  it("lists the papers with their question and task counts for hosts and admins only", async () => {
    const papers = await hostA.get<PaperOption[]>("/api/papers");
    expect(papers.status).toBe(200);
    expect(papers.body.data).toContainEqual({ id: paperId, title: "Region A paper", questions: 2, tasks: 0 });
    expect((await admin.get("/api/papers")).status).toBe(200);
    expectError(await proctor.get("/api/papers"), 403, "FORBIDDEN");
    expectError(await judge.get("/api/papers"), 403, "FORBIDDEN");
    expectError(await anonymous.get("/api/papers"), 401);
  });
});

describe("venues", () => {
  it("are created, listed, changed and deleted by the region's host, each change audited", async () => {
    const created = await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, {
      name: "Room 101",
      address: "1 College Road",
      capacity: 40,
    });
    expect(created.status).toBe(201);
    const venue = created.body.data as VenueView;
    expect(venue).toMatchObject({
      regionId: regionA,
      name: "Room 101",
      address: "1 College Road",
      capacity: 40,
    });
    const list = await hostA.get<VenueView[]>(`/api/regions/${regionA}/venues`);
    expect(list.body.data?.map((v) => v.id)).toContain(venue.id);
    expect((await hostB.get<VenueView[]>(`/api/regions/${regionB}/venues`)).body.data).toEqual([]);

    const changed = await patch<VenueView>(hostA, `/api/regions/${regionA}/venues/${venue.id}`, {
      capacity: 30,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ name: "Room 101", capacity: 30 });
    expect((await del(hostA, `/api/regions/${regionA}/venues/${venue.id}`)).status).toBe(200);
    expect(await stack.db.venue.findUnique({ where: { id: venue.id } })).toBeNull();
    expect(await auditActions(`venue:${venue.id}`)).toEqual(["venue.create", "venue.update", "venue.delete"]);
  });

  it("refuses bad input with 400, and deleting a venue a session uses with 409", async () => {
    expectError(await hostA.post(`/api/regions/${regionA}/venues`, { name: "" }), 400, "VALIDATION_FAILED");
    expectError(await hostA.post(`/api/regions/${regionA}/venues`, { name: "X", capacity: 0 }), 400);
    expectError(await hostA.post(`/api/regions/${regionA}/venues`, { name: "X", extra: 1 }), 400);
    const venue = (await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, { name: "Hall" })).body
      .data as VenueView;
    const session = await hostA.post<SessionView>(
      `/api/regions/${regionA}/sessions`,
      sessionBody({ venueId: venue.id, name: "Hall sitting" }),
    );
    expect(session.status).toBe(201);
    const refused = await del(hostA, `/api/regions/${regionA}/venues/${venue.id}`);
    expectError(refused, 409, "CONFLICT");
    expect(refused.body.error?.message).toContain("Hall sitting");
    expect((await del(hostA, `/api/regions/${regionA}/sessions/${session.body.data?.id}`)).status).toBe(200);
    expect((await del(hostA, `/api/regions/${regionA}/venues/${venue.id}`)).status).toBe(200);
  });
});

describe("sessions", () => {
  it("are created, read, changed and deleted, each change audited", async () => {
    const venue = (
      await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, { name: "Lab 2", capacity: 10 })
    ).body.data as VenueView;
    const created = await hostA.post<SessionView>(
      `/api/regions/${regionA}/sessions`,
      sessionBody({ venueId: venue.id, name: "Afternoon" }),
    );
    expect(created.status).toBe(201);
    const s = created.body.data as SessionView;
    expect(s).toMatchObject({
      regionId: regionA,
      stageId: stageA,
      name: "Afternoon",
      durationMinutes: 90,
      lateStartMinutes: 30,
      venue: { id: venue.id, capacity: 10 },
      paper: { id: paperId, title: "Region A paper" },
      seated: 0,
      begun: false,
    });
    expect((await hostA.get<SessionView>(`/api/regions/${regionA}/sessions/${s.id}`)).body.data).toEqual(s);
    const list = (await hostA.get<SessionView[]>(`/api/regions/${regionA}/sessions`)).body.data ?? [];
    expect(list.map((x) => x.id)).toContain(s.id);
    // buildExam's session of region B is not region A's.
    expect(list.map((x) => x.id)).not.toContain(sessionB);

    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const changed = await patch<SessionView>(hostA, `/api/regions/${regionA}/sessions/${s.id}`, {
      startsAt,
      durationMinutes: 120,
      venueId: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ startsAt, durationMinutes: 120, venue: null });
    expectError(
      await patch(hostA, `/api/regions/${regionA}/sessions/${s.id}`, { lateStartMinutes: 200 }),
      400,
      "VALIDATION_FAILED",
    );
    expect((await del(hostA, `/api/regions/${regionA}/sessions/${s.id}`)).status).toBe(200);
    expectError(await hostA.get(`/api/regions/${regionA}/sessions/${s.id}`), 404, "NOT_FOUND");
    expect(await auditActions(`session:${s.id}`)).toEqual([
      "session.create",
      "session.update",
      "session.delete",
    ]);
  });

  it("refuses a venue or a stage of another region, an unknown paper and a late start past the end", async () => {
    const venueB = (await hostB.post<VenueView>(`/api/regions/${regionB}/venues`, { name: "B hall" })).body
      .data as VenueView;
    const withVenueB = await hostA.post(
      `/api/regions/${regionA}/sessions`,
      sessionBody({ venueId: venueB.id }),
    );
    expectError(withVenueB, 404, "NOT_FOUND");
    expect(withVenueB.body.error?.message).toMatch(/venue/);
    expectError(await hostA.post(`/api/regions/${regionA}/sessions`, sessionBody({ stageId: stageB })), 404);
    expectError(await hostA.post(`/api/regions/${regionA}/sessions`, sessionBody({ paperId: "nope" })), 404);
    expectError(
      await hostA.post(
        `/api/regions/${regionA}/sessions`,
        sessionBody({ durationMinutes: 20, lateStartMinutes: 30 }),
      ),
      400,
      "VALIDATION_FAILED",
    );
    expectError(
      await hostA.post(`/api/regions/${regionA}/sessions`, sessionBody({ startsAt: "tomorrow" })),
      400,
    );
    expect(await stack.db.examSession.count({ where: { regionId: regionA, venueId: venueB.id } })).toBe(0);
  });
});

describe("seating", () => {
  let venueId: string;
  let sessionId: string;
  let second: string;
  const c: Record<string, string> = {};

  beforeAll(async () => {
    venueId = (
      await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, {
        name: "Exam room 3",
        address: "3 Lab Street",
        capacity: 3,
      })
    ).body.data?.id as string;
    sessionId = (await hostA.post<SessionView>(`/api/regions/${regionA}/sessions`, sessionBody({ venueId })))
      .body.data?.id as string;
    second = (
      await hostA.post<SessionView>(
        `/api/regions/${regionA}/sessions`,
        sessionBody({ name: "Overflow room" }),
      )
    ).body.data?.id as string;
    // Tickets out of creation order: auto-seating goes by ticket number.
    c.one = await contestant({ ticket: "A-0005", sealed: true });
    c.two = await contestant({ ticket: "A-0002", sealed: true, idNumber: "11010519491231002X" });
    c.three = await contestant({ ticket: "A-0010", group: "EMPLOYEE" });
    c.four = await contestant({ ticket: "A-0001" });
    c.five = await contestant({ ticket: "A-0003" });
    c.withdrawn = await contestant({ ticket: "A-0000", registrationStatus: "WITHDRAWN" });
    c.otherStage = await contestant({ ticket: "A2-0001", stageId: stageA2 });
    c.regionB = await contestant({ ticket: "B-0001", regionId: regionB, stageId: stageB });
  });

  const seatsOf = (id: string) => `/api/regions/${regionA}/sessions/${id}/seats`;

  it("lists every approved contestant of the region and stage, none seated yet", async () => {
    const seats = (await hostA.get<SeatView[]>(seatsOf(sessionId))).body.data ?? [];
    expect(seats.map((s) => s.ticketNumber)).toEqual(["A-0001", "A-0002", "A-0003", "A-0005", "A-0010"]);
    expect(seats.every((s) => s.seat === null && s.attemptId === null && s.seatedElsewhere === null)).toBe(
      true,
    );
    expect(seats[0]).toMatchObject({
      name: "Name A-0001",
      group: "STUDENT",
      organisation: "Test University",
    });
  });

  it("seats contestants as attempts not started, with a shuffle seed, audited", async () => {
    const res = await hostA.put<SeatView[]>(seatsOf(sessionId), {
      seats: [
        { contestantId: c.one, seat: "A01" },
        { contestantId: c.two, seat: "A02" },
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data?.slice(0, 2).map((s) => [s.ticketNumber, s.seat, s.status])).toEqual([
      ["A-0005", "A01", "NOT_STARTED"],
      ["A-0002", "A02", "NOT_STARTED"],
    ]);
    const attempts = await stack.db.attempt.findMany({ where: { examSessionId: sessionId } });
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.status === "NOT_STARTED" && a.shuffleSeed > 0)).toBe(true);
    expect(await auditActions(`session:${sessionId}`)).toContain("seating.update");
    const view = (await hostA.get<SessionView>(`/api/regions/${regionA}/sessions/${sessionId}`)).body.data;
    expect(view).toMatchObject({ seated: 2, begun: false });
  });

  it("refuses a seat label taken twice, naming the seat, and changes nothing", async () => {
    const res = await hostA.put(seatsOf(sessionId), {
      seats: [
        { contestantId: c.four, seat: "A03" },
        { contestantId: c.five, seat: "a01" },
      ],
    });
    expectError(res, 409, "CONFLICT");
    expect(res.body.error?.message).toContain("a01");
    expect(await stack.db.attempt.count({ where: { examSessionId: sessionId } })).toBe(2);
    const swapped = await hostA.put<SeatView[]>(seatsOf(sessionId), {
      seats: [
        { contestantId: c.one, seat: "A02" },
        { contestantId: c.two, seat: "A01" },
      ],
    });
    expect(swapped.status, swapped.text).toBe(200);
    expect(swapped.body.data?.slice(0, 2).map((s) => [s.ticketNumber, s.seat])).toEqual([
      ["A-0002", "A01"],
      ["A-0005", "A02"],
    ]);
    expectError(await hostA.put(seatsOf(sessionId), { seats: [{ contestantId: c.one, seat: "" }] }), 400);
    expectError(
      await hostA.put(seatsOf(sessionId), {
        seats: [
          { contestantId: c.four, seat: "A05" },
          { contestantId: c.four, seat: "A06" },
        ],
      }),
      400,
    );
  });

  it("never seats more than the venue holds", async () => {
    const res = await hostA.put(seatsOf(sessionId), {
      seats: [
        { contestantId: c.four, seat: "A03" },
        { contestantId: c.five, seat: "A04" },
      ],
    });
    expectError(res, 409, "CONFLICT");
    expect(res.body.error?.details).toEqual({ capacity: 3, seated: 4 });
    expect(await stack.db.attempt.count({ where: { examSessionId: sessionId } })).toBe(2);
  });

  it("answers 404 for a contestant of another region, another stage or no longer approved", async () => {
    for (const id of [c.regionB, c.otherStage, c.withdrawn, "no-such-contestant"]) {
      const res = await hostA.put(seatsOf(sessionId), {
        seats: [
          { contestantId: c.four, seat: "A03" },
          { contestantId: id, seat: "A09" },
        ],
      });
      expectError(res, 404, "NOT_FOUND");
    }
    expect(await stack.db.attempt.count({ where: { examSessionId: sessionId } })).toBe(2);
  });

  it("auto-seats the unseated in ticket order up to the venue's capacity, then the rest elsewhere", async () => {
    const res = await hostA.post<SeatView[]>(`${seatsOf(sessionId)}/auto`, { prefix: "A" });
    expect(res.status, res.text).toBe(200);
    const seated = (res.body.data ?? []).filter((s) => s.seat !== null);
    // The room seats 3: A-0001, the lowest unseated ticket, takes the first free label.
    expect(seated.map((s) => [s.ticketNumber, s.seat])).toEqual([
      ["A-0002", "A01"],
      ["A-0005", "A02"],
      ["A-0001", "A03"],
    ]);
    // A room without a capacity takes the rest (only the employees when asked), in ticket order.
    const employees = await hostA.post<SeatView[]>(`${seatsOf(second)}/auto`, {
      prefix: "B",
      group: "EMPLOYEE",
    });
    expect(employees.body.data?.filter((s) => s.seat).map((s) => [s.ticketNumber, s.seat])).toEqual([
      ["A-0010", "B01"],
    ]);
    const rest = (await hostA.post<SeatView[]>(`${seatsOf(second)}/auto`, { prefix: "B" })).body.data ?? [];
    expect(rest.filter((s) => s.seat).map((s) => [s.ticketNumber, s.seat])).toEqual([
      ["A-0010", "B01"],
      ["A-0003", "B02"],
    ]);
    expect(rest.find((s) => s.contestantId === c.one)?.seatedElsewhere).toEqual({
      sessionId,
      sessionName: "Morning sitting",
      seat: "A02",
    });
    expect(await auditActions(`session:${second}`)).toEqual([
      "session.create",
      "seating.auto",
      "seating.auto",
    ]);
    // One sitting per stage: someone seated in the morning is not seated in the overflow room too.
    const twice = await hostA.put(seatsOf(second), { seats: [{ contestantId: c.one, seat: "B09" }] });
    expectError(twice, 409, "CONFLICT");
    expect(twice.body.error?.message).toContain("Morning sitting");
  });

  it("lets a seated contestant sign in with the ticket and see the sitting and seat; the proctor sees the seats", async () => {
    const me = await signedIn("A-0005");
    const mine = await me.get<AttemptSummary[]>("/api/attempts/mine");
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data?.[0]).toMatchObject({
      status: "NOT_STARTED",
      session: { id: sessionId, name: "Morning sitting" },
      contestant: { ticketNumber: "A-0005", seat: "A02" },
    });
    const roster = await proctor.get<SessionRoster>(`/api/sessions/${sessionId}/roster`);
    expect(roster.status).toBe(200);
    expect(
      roster.body.data?.entries.map((e) => [e.contestant.ticketNumber, e.contestant.seat]).sort(),
    ).toEqual([
      ["A-0001", "A03"],
      ["A-0002", "A01"],
      ["A-0005", "A02"],
    ]);
    const started = await me.post(`/api/attempts/${mine.body.data?.[0]?.id}/start`);
    expect(started.status, started.text).toBe(200);
  });

  it("shows the admission tickets in seat order with the unsealed password until the sitting begins", async () => {
    const res = await hostA.get<AdmissionTicket[]>(`/api/regions/${regionA}/sessions/${sessionId}/tickets`);
    expect(res.status).toBe(200);
    const tickets = res.body.data ?? [];
    expect(tickets.map((t) => [t.contestant.ticketNumber, t.sitting?.seat])).toEqual([
      ["A-0002", "A01"],
      ["A-0005", "A02"],
      ["A-0001", "A03"],
    ]);
    const [two, one, four] = tickets;
    expect(two).toMatchObject({
      contestName: "AI Trainer 2021",
      stageName: "Preliminary",
      region: { no: 1 },
      contestant: { name: "Name A-0002", group: "STUDENT", organisation: "Test University" },
      initialPassword: INITIAL_PASSWORD,
      sitting: {
        sessionName: "Morning sitting",
        durationMinutes: 90,
        lateStartMinutes: 30,
        venue: "Exam room 3",
        address: "3 Lab Street",
        seat: "A01",
      },
    });
    expect(two?.contestant.idNumberMasked).toBe("**************002X");
    // A-0005 has begun: the password is no longer printed. A-0001 has none sealed.
    expect(one?.initialPassword).toBeNull();
    expect(four?.initialPassword).toBeNull();
    expect(four?.contestant.idNumberMasked).toBeNull();
    // The password on the ticket signs in.
    await stack.db.user.update({
      where: { id: (await stack.db.contestant.findUniqueOrThrow({ where: { id: c.two } })).userId },
      data: { passwordHash: await hashPassword(INITIAL_PASSWORD) },
    });
    await signedIn("A-0002", INITIAL_PASSWORD);

    const single = await hostA.get<AdmissionTicket>(`/api/regions/${regionA}/contestants/${c.three}/ticket`);
    expect(single.status).toBe(200);
    expect(single.body.data).toMatchObject({
      contestant: { ticketNumber: "A-0010", group: "EMPLOYEE" },
      sitting: { sessionName: "Overflow room", seat: "B01", venue: null },
    });
    const unseated = await hostA.get<AdmissionTicket>(
      `/api/regions/${regionA}/contestants/${c.otherStage}/ticket`,
    );
    expect(unseated.body.data?.sitting).toBeNull();
    expectError(
      await hostA.get(`/api/regions/${regionA}/contestants/${c.withdrawn}/ticket`),
      404,
      "NOT_FOUND",
    );
    expect(await auditActions(`session:${sessionId}`)).toContain("tickets.print");
  });

  it("refuses to unseat an attempt that has begun, and to move the session's paper, start or duration", async () => {
    const unseat = await hostA.put(seatsOf(sessionId), { seats: [{ contestantId: c.one, seat: null }] });
    expectError(unseat, 409, "CONFLICT");
    expect(unseat.body.error?.message).toContain("A-0005");
    const path = `/api/regions/${regionA}/sessions/${sessionId}`;
    expect((await hostA.get<SessionView>(path)).body.data).toMatchObject({ begun: true, seated: 3 });
    const otherPaper = await stack.db.paper.create({ data: { title: "Other" }, select: { id: true } });
    for (const change of [
      { paperId: otherPaper.id },
      { startsAt: new Date(Date.now() + 3_600_000).toISOString() },
      { durationMinutes: 120 },
      { venueId: null },
      { stageId: stageA2 },
    ]) {
      const res = await patch(hostA, path, change);
      expectError(res, 409, "CONFLICT");
    }
    // The late start may move, but not close a window already gone by (the sitting began a minute ago).
    expectError(await patch(hostA, path, { lateStartMinutes: 0 }), 409, "CONFLICT");
    const late = await patch<SessionView>(hostA, path, {
      lateStartMinutes: 45,
      name: "Morning sitting (room 3)",
    });
    expect(late.status, late.text).toBe(200);
    expect(late.body.data).toMatchObject({ lateStartMinutes: 45, name: "Morning sitting (room 3)" });
    // The same values again are no change.
    expect((await patch(hostA, path, { durationMinutes: 90, paperId })).status).toBe(200);
    expectError(await del(hostA, path), 409, "CONFLICT");
    const row = await stack.db.examSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row).toMatchObject({ paperId, durationMinutes: 90, venueId, lateStartMinutes: 45 });
  });

  it("keeps a session with contestants seated from a smaller venue or another stage", async () => {
    const small = (
      await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, { name: "Closet", capacity: 1 })
    ).body.data as VenueView;
    const path = `/api/regions/${regionA}/sessions/${second}`;
    const smaller = await patch(hostA, path, { venueId: small.id });
    expectError(smaller, 409, "CONFLICT");
    expect(smaller.body.error?.details).toEqual({ seated: 2, capacity: 1 });
    expectError(await patch(hostA, path, { stageId: stageA2 }), 409, "CONFLICT");
    expect(await stack.db.examSession.findUniqueOrThrow({ where: { id: second } })).toMatchObject({
      venueId: null,
      stageId: stageA,
    });
  });

  it("unseats a contestant who has not begun, and refuses deleting a session with contestants seated", async () => {
    const res = await hostA.put<SeatView[]>(seatsOf(second), {
      seats: [{ contestantId: c.five, seat: null }],
    });
    expect(res.status).toBe(200);
    expect(res.body.data?.find((s) => s.contestantId === c.five)).toMatchObject({
      seat: null,
      attemptId: null,
    });
    expect(await stack.db.attempt.count({ where: { contestantId: c.five } })).toBe(0);
    expectError(await del(hostA, `/api/regions/${regionA}/sessions/${second}`), 409, "CONFLICT");
  });

  it("refuses shrinking the venue below the contestants seated in it", async () => {
    expectError(
      await patch(hostA, `/api/regions/${regionA}/venues/${venueId}`, { capacity: 2 }),
      409,
      "CONFLICT",
    );
    expect((await patch(hostA, `/api/regions/${regionA}/venues/${venueId}`, { capacity: 3 })).status).toBe(
      200,
    );
  });
});

describe("seating at the same moment", () => {
  let stage: string;
  let room: string;
  let hall: string;
  const ids: string[] = [];

  beforeAll(async () => {
    stage = (
      await stack.db.stage.create({
        data: { contestId, kind: "PRELIMINARY", regionId: regionA, name: "Busy stage" },
        select: { id: true },
      })
    ).id;
    const venue = (
      await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, { name: "Busy room", capacity: 4 })
    ).body.data as VenueView;
    room = (
      await hostA.post<SessionView>(
        `/api/regions/${regionA}/sessions`,
        sessionBody({ stageId: stage, venueId: venue.id, name: "Busy" }),
      )
    ).body.data?.id as string;
    hall = (
      await hostA.post<SessionView>(
        `/api/regions/${regionA}/sessions`,
        sessionBody({ stageId: stage, name: "Hall" }),
      )
    ).body.data?.id as string;
    for (let i = 1; i <= 7; i++) ids.push(await contestant({ ticket: `BUSY-${i}`, stageId: stage }));
  });

  const seats = (id: string) => `/api/regions/${regionA}/sessions/${id}/seats`;

  it("gives one seat label to one of two hosts asking at once", async () => {
    const results = await Promise.all([
      hostA.put(seats(room), { seats: [{ contestantId: ids[0], seat: "C01" }] }),
      admin.put(seats(room), { seats: [{ contestantId: ids[1], seat: "C01" }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await stack.db.attempt.count({ where: { examSessionId: room, seat: "C01" } })).toBe(1);
  });

  it("seats one contestant in one session of the stage when two sessions ask at once", async () => {
    const results = await Promise.all([
      hostA.put(seats(room), { seats: [{ contestantId: ids[2], seat: "C02" }] }),
      hostA.put(seats(hall), { seats: [{ contestantId: ids[2], seat: "H01" }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await stack.db.attempt.count({ where: { contestantId: ids[2] } })).toBe(1);
  });

  it("never overfills the room when auto-seating runs three times at once", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => hostA.post(`${seats(room)}/auto`, { prefix: "C" })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const rows = await stack.db.attempt.findMany({ where: { examSessionId: room }, select: { seat: true } });
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.seat)).size).toBe(4);
  });
});

describe("the region's staff", () => {
  it("creates proctors and judges scoped to the region or one of its sessions, and lists them", async () => {
    const session = (
      await hostA.post<SessionView>(`/api/regions/${regionA}/sessions`, sessionBody({ name: "Staffed" }))
    ).body.data as SessionView;
    const regionWide = await hostA.post<StaffMember>(`/api/regions/${regionA}/staff`, {
      username: "a.proctor",
      name: "A proctor",
      password: "long enough password",
      role: "PROCTOR",
    });
    expect(regionWide.status, regionWide.text).toBe(201);
    expect(regionWide.body.data?.grants).toEqual([
      { id: expect.any(String), role: "PROCTOR", regionId: regionA, examSessionId: null },
    ]);
    const oneSession = await hostA.post<StaffMember>(`/api/regions/${regionA}/staff`, {
      username: "a.judge",
      name: "A judge",
      password: "long enough password",
      role: "JUDGE",
      examSessionId: session.id,
    });
    expect(oneSession.status).toBe(201);
    expect(oneSession.body.data?.grants[0]).toMatchObject({ role: "JUDGE", examSessionId: session.id });
    expect(await auditActions(`user:${regionWide.body.data?.userId}`)).toEqual(["staff.create"]);

    // The new proctor signs in and watches the region's session.
    const p = await signedIn("a.proctor", "long enough password");
    expect((await p.get(`/api/sessions/${session.id}/roster`)).status).toBe(200);
    expect((await p.get(`/api/sessions/${sessionB}/roster`)).status).toBe(403);

    const list = (await hostA.get<StaffMember[]>(`/api/regions/${regionA}/staff`)).body.data ?? [];
    expect(list.map((m) => m.username).sort()).toEqual(["a.judge", "a.proctor", "judge-a", "proctor-a"]);
    const listB = (await hostB.get<StaffMember[]>(`/api/regions/${regionB}/staff`)).body.data ?? [];
    expect(listB.map((m) => m.username)).toEqual(["proctor-b"]);
  });

  it("refuses a taken user name, a session of another region, a bad role and a short password", async () => {
    const base = { name: "X", password: "long enough password", role: "PROCTOR" };
    expectError(
      await hostA.post(`/api/regions/${regionA}/staff`, { ...base, username: "a.proctor" }),
      409,
      "CONFLICT",
    );
    expectError(
      await hostA.post(`/api/regions/${regionA}/staff`, {
        ...base,
        username: "x.one",
        examSessionId: sessionB,
      }),
      404,
      "NOT_FOUND",
    );
    expectError(
      await hostA.post(`/api/regions/${regionA}/staff`, { ...base, username: "x.two", role: "ADMIN" }),
      400,
    );
    expectError(
      await hostA.post(`/api/regions/${regionA}/staff`, { ...base, username: "x.three", password: "short" }),
      400,
    );
    expect(await stack.db.user.count({ where: { username: { startsWith: "x." } } })).toBe(0);
  });

  it("takes away a proctor's grant of the region, never a host's or an admin's", async () => {
    const member = (await hostA.get<StaffMember[]>(`/api/regions/${regionA}/staff`)).body.data?.find(
      (m) => m.username === "a.proctor",
    ) as StaffMember;
    const grantId = member.grants[0]?.id as string;
    expectError(
      await del(hostA, `/api/regions/${regionA}/staff/${users["host-a"]}/grants/${grants["host-a"]}`),
      403,
      "FORBIDDEN",
    );
    expectError(
      await del(hostA, `/api/regions/${regionA}/staff/${users.admin}/grants/${grants.admin}`),
      403,
      "FORBIDDEN",
    );
    expectError(
      await del(hostA, `/api/regions/${regionA}/staff/${users["proctor-b"]}/grants/${grants["proctor-b"]}`),
      404,
      "NOT_FOUND",
    );
    // The grant named under another user is not found either.
    expectError(
      await del(hostA, `/api/regions/${regionA}/staff/${users["proctor-a"]}/grants/${grantId}`),
      404,
    );
    const res = await del(hostA, `/api/regions/${regionA}/staff/${member.userId}/grants/${grantId}`);
    expect(res.status, res.text).toBe(200);
    expect(await stack.db.staffRole.count({ where: { id: grantId } })).toBe(0);
    expect(await auditActions(`user:${member.userId}`)).toEqual(["staff.create", "staff.revoke-grant"]);
    expect(
      await stack.db.staffRole.count({ where: { id: { in: [grants["host-a"] ?? "", grants.admin ?? ""] } } }),
    ).toBe(2);
  });
});

describe("region isolation", () => {
  let venueA: string;
  let sessionA: string;
  let contestantA: string;
  let grantA: string;
  let venueB: string;

  beforeAll(async () => {
    venueA = (
      await hostA.post<VenueView>(`/api/regions/${regionA}/venues`, { name: "A's own room", capacity: 5 })
    ).body.data?.id as string;
    sessionA = (
      await hostA.post<SessionView>(
        `/api/regions/${regionA}/sessions`,
        sessionBody({ venueId: venueA, name: "A only" }),
      )
    ).body.data?.id as string;
    contestantA = await contestant({ ticket: "A-0900", sealed: true });
    await hostA.put(`/api/regions/${regionA}/sessions/${sessionA}/seats`, {
      seats: [{ contestantId: contestantA, seat: "Z01" }],
    });
    grantA = grants["proctor-a"] as string;
    venueB = (await hostB.post<VenueView>(`/api/regions/${regionB}/venues`, { name: "B's room" })).body.data
      ?.id as string;
  });

  /** Every route of a region's work, on region `r`, naming A's records. */
  function routes(r: string): [string, string, unknown?][] {
    const s = `/api/regions/${r}/sessions/${sessionA}`;
    return [
      ["GET", `/api/regions/${r}/venues`],
      ["POST", `/api/regions/${r}/venues`, { name: "Sneaky" }],
      ["PATCH", `/api/regions/${r}/venues/${venueA}`, { name: "Sneaky" }],
      ["DELETE", `/api/regions/${r}/venues/${venueA}`],
      ["GET", `/api/regions/${r}/sessions`],
      ["POST", `/api/regions/${r}/sessions`, sessionBody({ venueId: venueA })],
      ["GET", s],
      ["PATCH", s, { name: "Sneaky" }],
      ["DELETE", s],
      ["GET", `${s}/seats`],
      ["PUT", `${s}/seats`, { seats: [{ contestantId: contestantA, seat: null }] }],
      ["POST", `${s}/seats/auto`, {}],
      ["GET", `${s}/tickets`],
      ["GET", `/api/regions/${r}/contestants/${contestantA}/ticket`],
      ["GET", `/api/regions/${r}/staff`],
      [
        "POST",
        `/api/regions/${r}/staff`,
        { username: "sneaky", name: "S", password: "long enough password", role: "PROCTOR" },
      ],
      ["DELETE", `/api/regions/${r}/staff/${users["proctor-a"]}/grants/${grantA}`],
    ];
  }

  it("gives the host of another region 404 on every route of region A", async () => {
    for (const [method, path, body] of routes(regionA)) {
      const res = await hostB.request(method, path, body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(404);
      expect(res.body.error?.code).toBe("NOT_FOUND");
    }
  });

  it("gives 404 for region A's records named under region B's own routes", async () => {
    const named = routes(regionB).filter(
      ([, path]) =>
        path.includes(venueA) ||
        path.includes(sessionA) ||
        path.includes(contestantA) ||
        path.includes(grantA),
    );
    expect(named.length).toBe(11);
    for (const [method, path, body] of named) {
      const res = await hostB.request(method, path, body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(404);
    }
    // A session of region B with A's venue, and A's contestant seated in B's session.
    expectError(
      await hostB.post(`/api/regions/${regionB}/sessions`, sessionBody({ stageId: stageB, venueId: venueA })),
      404,
    );
    expectError(
      await hostB.put(`/api/regions/${regionB}/sessions/${sessionB}/seats`, {
        seats: [{ contestantId: contestantA, seat: "B01" }],
      }),
      404,
    );
    expect(venueB).toBeTruthy();
  });

  it("gives proctors and judges 403, and the signed-out 401, on every route", async () => {
    for (const [method, path, body] of routes(regionA)) {
      expect((await proctor.request(method, path, body)).status, `${method} ${path}`).toBe(403);
      expect((await judge.request(method, path, body)).status, `${method} ${path}`).toBe(403);
      expect((await anonymous.request(method, path, body)).status, `${method} ${path}`).toBe(401);
    }
  });

  it("left region A's records as they were, and the admin reaches them", async () => {
    expect(await stack.db.venue.findUniqueOrThrow({ where: { id: venueA } })).toMatchObject({
      name: "A's own room",
    });
    expect(await stack.db.examSession.findUniqueOrThrow({ where: { id: sessionA } })).toMatchObject({
      name: "A only",
    });
    expect(await stack.db.attempt.count({ where: { examSessionId: sessionA } })).toBe(1);
    expect(await stack.db.staffRole.count({ where: { id: grantA } })).toBe(1);
    expect(await stack.db.user.count({ where: { username: "sneaky" } })).toBe(0);
    expect(await stack.db.venue.count({ where: { name: "Sneaky" } })).toBe(0);
    const seats = await admin.get<SeatView[]>(`/api/regions/${regionA}/sessions/${sessionA}/seats`);
    expect(seats.status).toBe(200);
    expect(seats.body.data?.find((s) => s.contestantId === contestantA)?.seat).toBe("Z01");
    expectError(await admin.get(`/api/regions/no-such-region/venues`), 404);
  });
});
