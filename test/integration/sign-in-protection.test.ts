// Sign-in protection against the real server, PostgreSQL, Redis and Socket.IO: wrong passwords
// lock an account (a proctor of its session lifts the lock, audited), an address has its own limit,
// signing out ends the sign-in's sockets, and a contestant's second sign-in ends the first.
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentEvent, LoginLock, LoginLockedDetails, SessionRoster } from "../../protocol/index.ts";
import { type ExamFixture, newExamFixture, PASSWORD } from "../helpers/factories.ts";
import { Client, connected, emitAck, nextEvent, type Stack, startStack } from "../helpers/stack.ts";

const ACCOUNT_FAILURES = 4;
const ADDRESS_FAILURES = 12;

let stack: Stack;
let fx: ExamFixture;
const opened: Socket[] = [];

beforeAll(async () => {
  stack = await startStack({
    env: {
      LOGIN_ACCOUNT_FAILURES: String(ACCOUNT_FAILURES),
      LOGIN_LOCKOUT_MINUTES: "15",
      LOGIN_ADDRESS_FAILURES: String(ADDRESS_FAILURES),
    },
  });
  fx = await newExamFixture(stack.db, { contestants: 5 });
});
afterAll(async () => {
  for (const s of opened) s.disconnect();
  await stack?.stop();
});

interface LoginResult {
  status: number;
  code: string | undefined;
  details: unknown;
  retryAfter: string | null;
  client: Client;
}

/**
 * Signs in as a browser behind `address` would reach the server through a proxy on the same
 * machine (`trust proxy` is loopback, so X-Forwarded-For names the client).
 */
async function loginFrom(
  address: string,
  login: string,
  password: string,
  userAgent = "vitest",
): Promise<LoginResult> {
  const res = await fetch(`${stack.baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address, "user-agent": userAgent },
    body: JSON.stringify({ login, password }),
  });
  const body = (await res.json()) as { error?: { code: string; details?: unknown } };
  const client = new Client(stack.baseUrl);
  client.cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  return {
    status: res.status,
    code: body.error?.code,
    details: body.error?.details,
    retryAfter: res.headers.get("retry-after"),
    client,
  };
}

async function signedIn(login: string, address = "10.0.0.1"): Promise<Client> {
  const res = await loginFrom(address, login, PASSWORD);
  expect(res.status).toBe(200);
  return res.client;
}

function socketOf(c: Client, ns: "/exam" | "/proctor"): Socket {
  const s = c.socket(ns);
  opened.push(s);
  return s;
}

function disconnectReason(s: Socket, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not disconnected within ${ms} ms`)), ms);
    s.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

const userIdOf = (ticket: string) => fx.contestants.find((c) => c.ticket === ticket)?.userId ?? "";
const unlockAudits = (userId: string) =>
  stack.db.auditEntry.findMany({ where: { action: "login.unlock", target: `user:${userId}` } });

describe("login throttling per account", () => {
  it("locks the account after wrong passwords, then refuses even the right one with LOGIN_LOCKED", async () => {
    for (let i = 1; i < ACCOUNT_FAILURES; i++) {
      const res = await loginFrom("10.1.0.1", "T-001", `wrong ${i}`);
      expect(res.status).toBe(401);
      expect(res.code).toBe("INVALID_CREDENTIALS");
    }
    const last = await loginFrom("10.1.0.1", "T-001", "wrong again");
    expect(last.status).toBe(429);
    expect(last.code).toBe("LOGIN_LOCKED");
    for (const address of ["10.1.0.1", "10.1.0.2"]) {
      const right = await loginFrom(address, "T-001", PASSWORD);
      expect(right.status).toBe(429);
      expect(right.code).toBe("LOGIN_LOCKED");
      const details = right.details as LoginLockedDetails;
      expect(details.scope).toBe("account");
      expect(details.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      expect(Number(right.retryAfter)).toBe(details.retryAfterSeconds);
      expect(right.client.cookie).toBe("");
    }
  });

  it("locks an unknown login the same way, so a lockout does not tell which logins exist", async () => {
    const codes = [];
    for (let i = 0; i <= ACCOUNT_FAILURES; i++)
      codes.push((await loginFrom("10.1.1.1", "NO-SUCH-TICKET", "x")).code);
    expect(codes).toEqual([
      ...Array(ACCOUNT_FAILURES - 1).fill("INVALID_CREDENTIALS"),
      "LOGIN_LOCKED",
      "LOGIN_LOCKED",
    ]);
  });

  it("counts only failures: a success starts the account afresh", async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i < ACCOUNT_FAILURES; i++)
        expect((await loginFrom("10.1.2.1", "T-004", "wrong")).code).toBe("INVALID_CREDENTIALS");
      expect((await loginFrom("10.1.2.1", "T-004", PASSWORD)).status).toBe(200);
    }
  });

  it("does not let a proctor of another session or a contestant see or lift the lock", async () => {
    const userId = userIdOf("T-001");
    const other = await signedIn(fx.otherProctor);
    expect((await other.get(`/api/sessions/${fx.sessionId}/login-locks`)).status).toBe(403);
    const byOther = await other.post(`/api/users/${userId}/login-unlock`, { reason: "asked nicely" });
    expect(byOther.status).toBe(403);
    expect(byOther.body.error?.code).toBe("FORBIDDEN");
    const contestant = await signedIn("T-002");
    expect((await contestant.get(`/api/sessions/${fx.sessionId}/login-locks`)).status).toBe(403);
    expect((await contestant.post(`/api/users/${userId}/login-unlock`, { reason: "my friend" })).status).toBe(
      403,
    );
    expect(await unlockAudits(userId)).toHaveLength(0);
    expect((await loginFrom("10.1.0.3", "T-001", PASSWORD)).code).toBe("LOGIN_LOCKED");
  });

  it("lets a proctor of the session see the lock and lift it with a reason (audited); then the password works", async () => {
    const userId = userIdOf("T-001");
    const proctor = await signedIn(fx.proctor);
    const list = await proctor.get<LoginLock[]>(`/api/sessions/${fx.sessionId}/login-locks`);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        userId,
        ticketNumber: "T-001",
        name: "Contestant 1",
        seat: "S1",
        failures: 4,
      }),
    ]);
    expect(list.body.data?.[0]?.retryAfterSeconds).toBeGreaterThan(0);
    for (const body of [{}, { reason: " " }, { reason: "ok", extra: 1 }])
      expect((await proctor.post(`/api/users/${userId}/login-unlock`, body)).status).toBe(400);
    expect((await proctor.post("/api/users/no-such-user/login-unlock", { reason: "typo" })).status).toBe(404);

    const lifted = await proctor.post(`/api/users/${userId}/login-unlock`, {
      reason: "考生忘记密码 forgot password",
    });
    expect(lifted.status).toBe(200);
    expect(lifted.body.data).toEqual({ lifted: true });
    const [entry, ...more] = await unlockAudits(userId);
    expect(more).toHaveLength(0);
    const staff = await stack.db.user.findUniqueOrThrow({ where: { username: fx.proctor } });
    expect(entry).toMatchObject({
      actorId: staff.id,
      reason: "考生忘记密码 forgot password",
      details: { wasLocked: true, failures: 4 },
    });
    expect((await proctor.get<LoginLock[]>(`/api/sessions/${fx.sessionId}/login-locks`)).body.data).toEqual(
      [],
    );
    expect((await loginFrom("10.1.0.1", "T-001", PASSWORD)).status).toBe(200);
  });

  it("lets only an admin lift the lock of a staff account", async () => {
    for (let i = 0; i < ACCOUNT_FAILURES; i++) await loginFrom("10.1.3.1", fx.otherProctor, "wrong");
    expect((await loginFrom("10.1.3.1", fx.otherProctor, PASSWORD)).code).toBe("LOGIN_LOCKED");
    const staffUser = await stack.db.user.findUniqueOrThrow({ where: { username: fx.otherProctor } });
    const proctor = await signedIn(fx.proctor);
    expect(
      (await proctor.post(`/api/users/${staffUser.id}/login-unlock`, { reason: "colleague" })).status,
    ).toBe(403);
    const admin = await signedIn(fx.admin);
    const res = await admin.post(`/api/users/${staffUser.id}/login-unlock`, { reason: "identity checked" });
    expect(res.body.data).toEqual({ lifted: true });
    expect((await loginFrom("10.1.3.1", fx.otherProctor, PASSWORD)).status).toBe(200);
  });
});

describe("login throttling per address", () => {
  it("refuses every sign-in from an address after too many wrong passwords, and no other address", async () => {
    // Different logins, so no account reaches its own limit.
    for (let i = 0; i < ADDRESS_FAILURES; i++) {
      const res = await loginFrom("10.2.0.1", `GUESS-${i}`, "wrong");
      expect(res.code).toBe("INVALID_CREDENTIALS");
    }
    const refused = await loginFrom("10.2.0.1", "T-003", PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.code).toBe("LOGIN_LOCKED");
    expect((refused.details as LoginLockedDetails).scope).toBe("address");
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await loginFrom("10.2.0.2", "T-003", PASSWORD)).status).toBe(200);
  });

  it("does not count successful sign-ins against the address (a venue behind one NAT address)", async () => {
    for (let i = 0; i < ADDRESS_FAILURES + 5; i++)
      expect((await loginFrom("10.2.1.1", fx.proctor, PASSWORD)).status).toBe(200);
  });
});

describe("sign-out", () => {
  it("disconnects the sign-in's open /exam socket; nothing can be saved through it afterwards", async () => {
    const c = await signedIn("T-002", "10.3.0.1");
    const attemptId = fx.contestants[1]?.attemptId ?? "";
    expect((await c.post(`/api/attempts/${attemptId}/start`)).status).toBe(200);
    const socket = socketOf(c, "/exam");
    await connected(socket);
    const save = (revision: number) =>
      emitAck(socket, "answer:save", {
        attemptId,
        target: { kind: "question", id: fx.questions[0]?.id },
        revision,
        data: { choice: "A" },
      });
    expect((await save(1)).error).toBeUndefined();

    const cookie = c.cookie;
    const gone = disconnectReason(socket);
    expect((await c.post("/api/auth/logout")).status).toBe(200);
    expect(await gone).toBe("io server disconnect");
    expect(socket.connected).toBe(false);
    // Connecting again with the old cookie is refused, and so is the HTTP fallback.
    socket.connect();
    await expect(connected(socket)).rejects.toThrow("UNAUTHENTICATED");
    const old = new Client(stack.baseUrl);
    old.cookie = cookie;
    const put = await old.put(`/api/attempts/${attemptId}/answers`, {
      target: { kind: "question", id: fx.questions[0]?.id },
      revision: 2,
      data: { choice: "B" },
    });
    expect(put.status).toBe(401);
    const stored = await stack.db.answer.findMany({ where: { attemptId } });
    expect(stored.map((a) => a.revision)).toEqual([1]);
  });

  it("disconnects the /proctor socket of a staff sign-in, and only that sign-in's", async () => {
    const first = await signedIn(fx.proctor, "10.3.1.1");
    const second = await signedIn(fx.proctor, "10.3.1.2");
    const s1 = socketOf(first, "/proctor");
    const s2 = socketOf(second, "/proctor");
    await Promise.all([connected(s1), connected(s2)]);
    const gone = disconnectReason(s1);
    await first.post("/api/auth/logout");
    expect(await gone).toBe("io server disconnect");
    // Staff may keep several sign-ins: the other one goes on.
    expect(
      (await emitAck<SessionRoster>(s2, "session:watch", { sessionId: fx.sessionId })).data,
    ).toBeTruthy();
    expect((await second.get("/api/me")).status).toBe(200);
  });
});

describe("a contestant's second sign-in", () => {
  it("ends the first sign-in and its socket, and tells the proctors of the session", async () => {
    const proctor = await signedIn(fx.proctor, "10.4.0.1");
    const ps = socketOf(proctor, "/proctor");
    await connected(ps);
    expect(
      (await emitAck<SessionRoster>(ps, "session:watch", { sessionId: fx.sessionId })).data,
    ).toBeTruthy();

    const attemptId = fx.contestants[4]?.attemptId ?? "";
    const first = await signedIn("T-005", "10.4.0.2");
    expect((await first.post(`/api/attempts/${attemptId}/start`)).status).toBe(200);
    const fs = socketOf(first, "/exam");
    await connected(fs);
    // A contestant cannot report this kind of incident about themselves.
    const forged = await emitAck(fs, "incident:report", { attemptId, kind: "second-sign-in" });
    expect(forged.error?.code).toBe("VALIDATION_FAILED");

    const gone = disconnectReason(fs);
    const pushed = nextEvent<IncidentEvent>(ps, "contestant:incident", (e) => e.attemptId === attemptId);
    const second = await loginFrom(
      "10.4.0.3",
      "T-005",
      PASSWORD,
      "Mozilla/5.0 (X11; Linux x86_64)\t  Chrome/131",
    );
    expect(second.status).toBe(200);
    expect(await gone).toBe("io server disconnect");
    expect(await pushed).toMatchObject({
      sessionId: fx.sessionId,
      attemptId,
      kind: "second-sign-in",
      count: 1,
    });
    const stored = await stack.db.incident.findMany({ where: { attemptId } });
    expect(stored).toMatchObject([
      {
        kind: "second-sign-in",
        details: { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131", address: "10.4.0.3" },
      },
    ]);

    // The first cookie is dead on HTTP and on the socket; the second works.
    expect((await first.get("/api/me")).status).toBe(401);
    fs.connect();
    await expect(connected(fs)).rejects.toThrow("UNAUTHENTICATED");
    const ss = socketOf(second.client, "/exam");
    await connected(ss);
    const ack = await emitAck(ss, "answer:save", {
      attemptId,
      target: { kind: "question", id: fx.questions[0]?.id },
      revision: 1,
      data: { choice: "A" },
    });
    expect(ack.error).toBeUndefined();
    const roster = await proctor.get<SessionRoster>(`/api/sessions/${fx.sessionId}/roster`);
    expect(roster.body.data?.entries.find((e) => e.attemptId === attemptId)?.incidents).toBe(1);
  });

  it("records no incident when the earlier sign-in had no exam in progress", async () => {
    await signedIn("T-003", "10.4.1.1");
    const again = await signedIn("T-003", "10.4.1.2");
    expect((await again.get("/api/me")).status).toBe(200);
    const attemptId = fx.contestants[2]?.attemptId ?? "";
    expect(await stack.db.incident.count({ where: { attemptId } })).toBe(0);
    expect(await stack.db.authSession.count({ where: { userId: userIdOf("T-003") } })).toBe(1);
  });
});
