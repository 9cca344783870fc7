// The Socket.IO gateway: authenticates handshakes by the session cookie, authorizes every event,
// and wires the contestant (/exam) and proctor (/proctor) namespaces to the services.
import type { Namespace, Server, Socket } from "socket.io";
import { z } from "zod";
import {
  ForbiddenError,
  toAppError,
  toErrorBody,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from "../../core/errors.ts";
import type { Broadcaster } from "../../core/live/broadcaster.ts";
import type { Clock } from "../../core/platform/clock.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Logger } from "../../core/platform/logger.ts";
import {
  attemptControlRequestSchema,
  attemptQuerySchema,
  type ExamClientToServer,
  type ExamServerToClient,
  extendRequestSchema,
  forceSubmitRequestSchema,
  idSchema,
  incidentReportSchema,
  messageAckRequestSchema,
  messageRequestSchema,
  NAMESPACES,
  type ProctorClientToServer,
  type ProctorServerToClient,
  reportRequestSchema,
  rooms,
  saveAnswerRequestSchema,
  sessionControlRequestSchema,
  sessionExtendRequestSchema,
} from "../../protocol/index.ts";
import type { AuthService } from "../auth/auth.service.ts";
import { isContestant, isStaff, type Principal } from "../auth/principal.ts";
import { readCookie, SESSION_COOKIE } from "../auth/session-cookie.ts";
import type { ExamService } from "../exams/exam.service.ts";
import { noopMetrics, observeSave, type SaveMetrics } from "../ops/metrics.ts";
import { attemptState } from "./attempt-state.ts";
import type { IncidentsService } from "./incidents.service.ts";
import type { PresenceTracker } from "./presence.ts";
import type { ProctorActionsService } from "./proctor-actions.service.ts";
import type { RosterService } from "./roster.service.ts";
import { guardSocketInput } from "./socket-input-guard.ts";

interface SocketData {
  principal: Principal;
  /** attempt id → exam session id, for the contestant's attempts. */
  attempts: Record<string, string>;
}

type ExamSocket = Socket<ExamClientToServer, ExamServerToClient, Record<string, never>, SocketData>;
type ExamNamespace = Namespace<ExamClientToServer, ExamServerToClient, Record<string, never>, SocketData>;

function authMiddleware(auth: AuthService, allowed: (p: Principal) => boolean) {
  return async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const principal = await auth.authenticate(readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
      if (!principal) throw new UnauthenticatedError();
      if (!allowed(principal)) throw new ForbiddenError("This namespace is not for your role.");
      socket.data.principal = principal;
      // Signing out or signing in elsewhere disconnects these sockets, on whichever process holds them.
      socket.join([rooms.user(principal.userId), rooms.auth(principal.sessionId)]);
      next();
    } catch (e) {
      const body = toErrorBody(e);
      next(Object.assign(new Error(body.code), { data: body }));
    }
  };
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ValidationError(
      message,
      parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  return parsed.data;
}

/** Runs a handler and turns its result or error into a `{ data } | { error }` ack. */
async function answer<T>(ack: unknown, log: Logger, run: () => Promise<T>): Promise<void> {
  if (typeof ack !== "function") return; // an event without an ack gets nothing back
  try {
    ack({ data: await run() });
  } catch (e) {
    const mapped = toAppError(e);
    if (!mapped) log.error({ err: e }, "socket handler failed");
    // Input that got past the boundary's checks: the client's fault, but a check is missing.
    else if (mapped instanceof UnavailableError) log.warn({ err: e }, "service unavailable");
    else if (mapped !== e) log.warn({ err: e }, "input refused below the boundary");
    ack({ error: toErrorBody(e) });
  }
}

export interface GatewayDeps {
  io: Server;
  auth: AuthService;
  exams: ExamService;
  roster: RosterService;
  actions: ProctorActionsService;
  incidents: IncidentsService;
  broadcaster: Broadcaster;
  presence: PresenceTracker;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Counts saves and their ack latency; optional so tests that do not care leave it out. */
  metrics?: SaveMetrics;
}

export interface Gateway {
  /** Stops presence updates: on shutdown every socket disconnects and none of that is news. */
  shutdown(): void;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { io, auth, exams, roster, actions, incidents, broadcaster, presence, db, clock, log } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  let shuttingDown = false;
  // Changes the heartbeat and the sweep find (a dead process's contestants, a page back after a blip).
  presence.onChange = (c) => {
    if (shuttingDown) return;
    broadcaster.toSession(c.sessionId, "contestant:presence", {
      sessionId: c.sessionId,
      attemptId: c.attemptId,
      connected: c.connected,
      presence: c.connected ? (c.lobby ? "lobby" : "exam") : "offline",
      lastSeenAt: new Date(c.lastSeenMs).toISOString(),
    });
  };
  // Every ~5 s per session (one process sends it): the last heartbeat of every connected page.
  presence.onBeats = (b) => {
    if (shuttingDown) return;
    broadcaster.toSession(b.sessionId, "presence:beats", b);
  };
  const exam = io.of(NAMESPACES.exam) as unknown as ExamNamespace;
  exam.use(authMiddleware(auth, isContestant));
  exam.on("connection", (socket: ExamSocket) => {
    socket.use(guardSocketInput());
    // Listeners are registered before any await, so nothing sent right after connecting is lost.
    socket.on("answer:save", (req, ack) =>
      answer(ack, log, () =>
        observeSave(metrics, "socket", () =>
          exams.saveAnswer(
            socket.data.principal,
            parseOrThrow(saveAnswerRequestSchema, req, "The save request is not valid."),
          ),
        ),
      ),
    );
    socket.on("incident:report", (req, ack) =>
      answer(ack, log, () =>
        incidents.report(
          socket.data.principal,
          parseOrThrow(incidentReportSchema, req, "The incident report is not valid."),
        ),
      ),
    );
    socket.on("message:ack", (req, ack) =>
      answer(ack, log, () =>
        actions.acknowledge(
          socket.data.principal,
          parseOrThrow(messageAckRequestSchema, req, "The acknowledgement is not valid.").messageId,
        ),
      ),
    );
    socket.on("disconnect", async () => {
      if (shuttingDown) return;
      try {
        await joined;
        for (const [attemptId, sessionId] of Object.entries(socket.data.attempts ?? {}))
          if (presence.disconnected(attemptId))
            broadcaster.toSession(sessionId, "contestant:presence", {
              sessionId,
              attemptId,
              connected: false,
              presence: "offline",
              lastSeenAt: new Date().toISOString(),
            });
      } catch (e) {
        log.warn({ err: e }, "presence update failed");
      }
    });
    const joined = joinAttempts(socket).catch((e) => log.error({ err: e }, "joining attempt rooms failed"));
  });

  async function joinAttempts(socket: ExamSocket): Promise<void> {
    const attempts = await db.attempt.findMany({
      where: { contestantId: { in: socket.data.principal.contestantIds } },
      select: {
        id: true,
        examSessionId: true,
        status: true,
        deadlineAt: true,
        pausedAt: true,
        lockedAt: true,
        pausedSeconds: true,
        extensionSeconds: true,
        examSession: { select: { paperId: true } },
      },
    });
    socket.data.attempts = Object.fromEntries(attempts.map((a) => [a.id, a.examSessionId]));
    for (const a of attempts) {
      exams.knowAttempt(a.id, {
        userId: socket.data.principal.userId,
        examSessionId: a.examSessionId,
        paperId: a.examSession.paperId,
      });
      socket.join(rooms.attempt(a.id));
      socket.join(rooms.session(a.examSessionId));
      if (a.status !== "NOT_STARTED" || a.lockedAt)
        socket.emit("attempt:state", attemptState(a, clock.now()));
      const lobby = a.status === "NOT_STARTED";
      presence.connected(a.id, a.examSessionId, lobby);
      broadcaster.toSession(a.examSessionId, "contestant:presence", {
        sessionId: a.examSessionId,
        attemptId: a.id,
        connected: true,
        presence: lobby ? "lobby" : "exam",
        lastSeenAt: new Date().toISOString(),
      });
    }
    // A page that reconnects (or reloads) sees again what it has not acknowledged.
    for (const a of attempts)
      if (a.status === "NOT_STARTED" || a.status === "IN_PROGRESS")
        for (const m of await actions.unacknowledged(a.id, a.examSessionId))
          socket.emit("proctor:message", {
            id: m.id,
            attemptId: m.attemptId,
            text: m.text,
            at: m.at.toISOString(),
          });
  }

  const proctor = io.of(NAMESPACES.proctor) as unknown as Namespace<
    ProctorClientToServer,
    ProctorServerToClient,
    Record<string, never>,
    SocketData
  >;
  proctor.use(authMiddleware(auth, isStaff));
  const watchSchema = z.object({ sessionId: idSchema }).strict();
  proctor.on(
    "connection",
    (socket: Socket<ProctorClientToServer, ProctorServerToClient, Record<string, never>, SocketData>) => {
      socket.use(guardSocketInput());
      socket.on("session:watch", (req, ack) =>
        answer(ack, log, async () => {
          const { sessionId } = parseOrThrow(watchSchema, req, "The watch request is not valid.");
          // Join first, then read: an event between the two is seen twice rather than lost.
          await roster.authorize(socket.data.principal, sessionId);
          socket.join(rooms.session(sessionId));
          return roster.roster(socket.data.principal, sessionId);
        }),
      );
      socket.on("attempt:extend", (req, ack) =>
        answer(ack, log, () => {
          const r = parseOrThrow(extendRequestSchema, req, "The extension request is not valid.");
          return actions.extend(socket.data.principal, r.attemptId, r.minutes, r.reason);
        }),
      );
      socket.on("message:send", (req, ack) =>
        answer(ack, log, () =>
          actions.message(
            socket.data.principal,
            parseOrThrow(messageRequestSchema, req, "The message is not valid."),
          ),
        ),
      );
      socket.on("session:extend", (req, ack) =>
        answer(ack, log, () => {
          const r = parseOrThrow(sessionExtendRequestSchema, req, "The extension request is not valid.");
          return actions.extendSession(socket.data.principal, r.sessionId, r.minutes, r.reason);
        }),
      );
      const one = (
        event: "attempt:pause" | "attempt:resume" | "attempt:lock" | "attempt:unlock",
        run: (p: Principal, attemptId: string, reason: string) => Promise<unknown>,
      ) =>
        socket.on(event, (req: unknown, ack: unknown) =>
          answer(ack, log, () => {
            const r = parseOrThrow(attemptControlRequestSchema, req, "The request is not valid.");
            return run(socket.data.principal, r.attemptId, r.reason);
          }),
        );
      one("attempt:pause", (p, id, reason) => actions.pause(p, id, reason));
      one("attempt:resume", (p, id, reason) => actions.resume(p, id, reason));
      one("attempt:lock", (p, id, reason) => actions.lock(p, id, reason));
      one("attempt:unlock", (p, id, reason) => actions.unlock(p, id, reason));
      socket.on("session:pause", (req, ack) =>
        answer(ack, log, () => {
          const r = parseOrThrow(sessionControlRequestSchema, req, "The request is not valid.");
          return actions.pauseSession(socket.data.principal, r.sessionId, r.reason);
        }),
      );
      socket.on("session:resume", (req, ack) =>
        answer(ack, log, () => {
          const r = parseOrThrow(sessionControlRequestSchema, req, "The request is not valid.");
          return actions.resumeSession(socket.data.principal, r.sessionId, r.reason);
        }),
      );
      socket.on("attempt:report", (req, ack) =>
        answer(ack, log, () =>
          actions.report(
            socket.data.principal,
            parseOrThrow(reportRequestSchema, req, "The report is not valid."),
          ),
        ),
      );
      socket.on("attempt:timeline", (req, ack) =>
        answer(ack, log, () =>
          roster.timeline(
            socket.data.principal,
            parseOrThrow(attemptQuerySchema, req, "The request is not valid.").attemptId,
          ),
        ),
      );
      socket.on("attempt:incidents", (req, ack) =>
        answer(ack, log, () =>
          roster.incidents(
            socket.data.principal,
            parseOrThrow(attemptQuerySchema, req, "The request is not valid.").attemptId,
          ),
        ),
      );
      socket.on("attempt:force-submit", (req, ack) =>
        answer(ack, log, () => {
          const r = parseOrThrow(forceSubmitRequestSchema, req, "The force-submit request is not valid.");
          return actions.forceSubmit(socket.data.principal, r.attemptId, r.reason);
        }),
      );
    },
  );

  return {
    shutdown() {
      shuttingDown = true;
    },
  };
}
