// The composition root: builds the HTTP app, the Socket.IO server and the services from their parts.
// Tests call createApp with their own database, Redis prefix and clock, and listen on port 0.
import fs from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { createAdapter } from "@socket.io/redis-adapter";
import express from "express";
import type { Redis } from "ioredis";
import { pinoHttp } from "pino-http";
import { Server } from "socket.io";
import { AnswerWriter } from "../core/attempts/answer-store.ts";
import { AttemptCloser } from "../core/attempts/attempt-closer.ts";
import { ScoringRecovery } from "../core/attempts/scoring-recovery.ts";
import type { Config } from "../core/config.ts";
import { BullJobQueue } from "../core/jobs/queue.ts";
import { Broadcaster } from "../core/live/broadcaster.ts";
import type { Clock } from "../core/platform/clock.ts";
import type { Db } from "../core/platform/db.ts";
import type { Logger } from "../core/platform/logger.ts";
import { createRedis } from "../core/platform/redis.ts";
import { createSql } from "../core/platform/sql.ts";
import { blobStoreOf } from "../core/storage/store-of.ts";
import { authRoutes } from "./auth/auth.routes.ts";
import { AuthService } from "./auth/auth.service.ts";
import { loginLockRoutes } from "./auth/login-locks.routes.ts";
import { LoginLocksService } from "./auth/login-locks.service.ts";
import { redisLoginThrottle } from "./auth/login-throttle.ts";
import { authoringRoutes, authoringUploadRoutes } from "./authoring/authoring.routes.ts";
import { bankRoutes, bankUploadRoutes } from "./bank/bank.routes.ts";
import { committeeRoutes, committeeUploadRoutes } from "./committee/committee.routes.ts";
import { type ContestDeps, cryptoRandomInt } from "./contest-deps.ts";
import { examRoutes } from "./exams/exam.routes.ts";
import { ExamService } from "./exams/exam.service.ts";
import { MediaService } from "./exams/media.service.ts";
import { PaperStructures } from "./exams/paper-structure.ts";
import { SaveLimiter } from "./exams/save-limiter.ts";
import { exportsRoutes } from "./exports/exports.routes.ts";
import { guardInput } from "./http/input-guard.ts";
import { errorHandler, loadPrincipal, notFound, ok } from "./http/middleware.ts";
import { refuseSourceMaps } from "./http/no-source-maps.ts";
import { allowSocketRequest, refuseCrossSite, requireJsonBody } from "./http/origin-guard.ts";
import { judgingRoutes } from "./judging/judging.routes.ts";
import { createGateway } from "./live/gateway.ts";
import { IncidentsService } from "./live/incidents.service.ts";
import { PresenceTracker } from "./live/presence.ts";
import { ProctorActionsService } from "./live/proctor-actions.service.ts";
import { CoalescingProgressNotifier } from "./live/progress.ts";
import { rosterRoutes } from "./live/roster.routes.ts";
import { RosterService } from "./live/roster.service.ts";
import { scoringRoutes } from "./live/scoring.routes.ts";
import { SocketSignInHooks } from "./live/sign-in-hooks.ts";
import { SilenceWatch } from "./live/silence-watch.ts";
import { metricSources } from "./ops/metric-sources.ts";
import { createServerMetrics } from "./ops/metrics.ts";
import { opsRoutes } from "./ops/ops.routes.ts";
import { hostingRoutes, hostingUploadRoutes } from "./regions/hosting.routes.ts";
import { registrationRoutes, registrationUploadRoutes } from "./registration/registration.routes.ts";
import { reportsRoutes } from "./reports/reports.routes.ts";
import { resultsRoutes } from "./results/results.routes.ts";
import { reviewRoutes, reviewUploadRoutes } from "./review/review.routes.ts";

/** Socket.IO's frame limit sits above the answer limit, so an oversized answer gets a clear error. */
const SOCKET_MAX_BYTES = 4_000_000;
const JSON_BODY_LIMIT = "4mb";

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
}

export interface App {
  http: HttpServer;
  io: Server;
  queue: BullJobQueue;
  closer: AttemptCloser;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

export function createApp({ config, db, clock, log }: AppDeps): App {
  const pub: Redis = createRedis(config.REDIS_URL, "socket-pub");
  const sub: Redis = pub.duplicate();
  const queueConn: Redis = createRedis(config.REDIS_URL, "queue");
  for (const r of [pub, sub, queueConn])
    r.on("error", (err) => log.warn({ err: err.message }, "redis error"));

  // Express must be the server's request handler before Socket.IO attaches: engine.io then keeps
  // /socket.io/ to itself. Attaching Express afterwards lets both answer a long-polling request.
  const app = express();
  const http = createServer(app);
  const io = new Server(http, {
    maxHttpBufferSize: SOCKET_MAX_BYTES,
    pingInterval: config.SOCKET_PING_INTERVAL_MS,
    pingTimeout: config.SOCKET_PING_TIMEOUT_MS,
    adapter: createAdapter(pub, sub, { key: `${config.REDIS_PREFIX}:socket.io` }),
    serveClient: false,
    // A page of another site may open a WebSocket with the contestant's cookie: the handshake is refused.
    allowRequest: allowSocketRequest(config.ALLOWED_ORIGINS),
  });

  // A job lost here is found again by the worker's sweep: PostgreSQL says what is pending.
  const queue = new BullJobQueue(queueConn, config.REDIS_PREFIX, (name, err) =>
    log.warn({ job: name, err: String(err) }, "job not queued; the sweep will pick it up"),
  );
  const broadcaster = new Broadcaster(io);
  const papers = new PaperStructures(db);
  const progressSql = createSql(config.DATABASE_URL, 1);
  const progress = new CoalescingProgressNotifier(progressSql, papers, broadcaster, log);
  const closer = new AttemptCloser(db, queue, broadcaster, clock, log, config.SAVE_GRACE_MS);
  const recovery = new ScoringRecovery(db, queue, broadcaster, clock, log);
  const limiter = new SaveLimiter(config.SAVE_BURST, config.SAVE_RATE_PER_S);
  const sql = createSql(config.DATABASE_URL, config.SAVE_WRITERS);
  const writer = new AnswerWriter(sql, config.SAVE_WRITERS);
  const exams = new ExamService(db, clock, papers, closer, progress, limiter, writer, {
    graceMs: config.SAVE_GRACE_MS,
    mediaSecret: config.SESSION_SECRET,
  });
  const store = blobStoreOf(config);
  const media = new MediaService(db, store, config.SESSION_SECRET, log);
  const presence = new PresenceTracker(queueConn, config.REDIS_PREFIX, log);
  presence.start();
  const silence = new SilenceWatch(
    io,
    { pingAfterMs: config.SOCKET_PING_AFTER_MS, silentAfterMs: config.SOCKET_SILENT_AFTER_MS, tickMs: 250 },
    log,
  );
  silence.start();
  const roster = new RosterService(db, clock, papers, presence);
  const actions = new ProctorActionsService(db, clock, roster, closer, broadcaster, progress);
  const incidents = new IncidentsService(db, clock, broadcaster);
  const loginThrottle = redisLoginThrottle(pub, config.REDIS_PREFIX, {
    accountFailures: config.LOGIN_ACCOUNT_FAILURES,
    lockoutSeconds: Math.max(1, Math.round(config.LOGIN_LOCKOUT_MINUTES * 60)),
    addressFailures: config.LOGIN_ADDRESS_FAILURES,
    addressWindowSeconds: Math.max(1, Math.round(config.LOGIN_ADDRESS_WINDOW_MINUTES * 60)),
  });
  const signInHooks = new SocketSignInHooks(io, incidents, log);
  const auth = new AuthService(
    db,
    clock,
    config.SESSION_SECRET,
    config.SESSION_TTL_HOURS,
    loginThrottle,
    signInHooks,
  );
  const loginLocks = new LoginLocksService(db, roster, loginThrottle);
  const contest: ContestDeps = {
    db,
    clock,
    config,
    store,
    log,
    random: cryptoRandomInt,
    redis: pub,
    queue,
  };
  const metrics = createServerMetrics(metricSources({ queue: queue.queue, db, io }));
  const gateway = createGateway({
    io,
    auth,
    exams,
    roster,
    actions,
    incidents,
    broadcaster,
    presence,
    db,
    clock,
    log,
    metrics,
  });

  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    next();
  });
  app.use(
    pinoHttp({
      logger: log,
      autoLogging: { ignore: (req) => !req.url?.startsWith("/api") },
      // Successful requests only at debug: a venue's log should show what went wrong.
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "debug",
      // Method, path and status only: headers carry session cookies.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(refuseCrossSite(config.ALLOWED_ORIGINS));
  const api = express.Router();
  api.get("/time", (_req, res) => ok(res, { serverNow: clock.now().toISOString() }));
  api.get("/health", async (_req, res) => {
    await db.$queryRaw`SELECT 1`;
    await pub.ping();
    ok(res, { ok: true });
  });
  api.use(loadPrincipal(auth));
  // Routes whose body is a file (evidence, imports): each reads its own raw body, with its own limit.
  api.use(registrationUploadRoutes(contest));
  api.use(committeeUploadRoutes(contest));
  api.use(hostingUploadRoutes(contest));
  api.use(reviewUploadRoutes(contest));
  api.use(bankUploadRoutes(contest));
  api.use(authoringUploadRoutes(contest));
  api.use(requireJsonBody);
  api.use(express.json({ limit: JSON_BODY_LIMIT }));
  api.use(guardInput());
  api.use(
    authRoutes(auth, { ttlHours: config.SESSION_TTL_HOURS, secureCookie: config.NODE_ENV === "production" }),
  );
  api.use(examRoutes(exams, media, log, metrics));
  api.use(rosterRoutes(roster, actions));
  api.use(scoringRoutes(recovery));
  api.use(loginLockRoutes(loginLocks));
  api.use(registrationRoutes(contest));
  api.use(committeeRoutes(contest, { signIns: signInHooks }));
  api.use(hostingRoutes(contest));
  api.use(reviewRoutes(contest));
  api.use(resultsRoutes(contest));
  api.use(judgingRoutes(contest));
  api.use(reportsRoutes(contest));
  api.use(exportsRoutes(contest));
  api.use(bankRoutes(contest));
  api.use(authoringRoutes(contest));
  api.use(notFound);
  app.use("/api", api);
  // Before the client's catch-all, which would otherwise answer /metrics and /admin/queues.
  app.use(opsRoutes({ auth, metrics, queue: queue.queue, metricsToken: config.METRICS_TOKEN }));

  // The built client, looked up per request so a client built after start is served too.
  const clientDir = path.resolve(config.CLIENT_DIR);
  const indexHtml = path.join(clientDir, "index.html");
  app.use(refuseSourceMaps);
  app.use(express.static(clientDir, { index: false, maxAge: "1h" }));
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res, next) => {
    if (!fs.existsSync(indexHtml)) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexHtml);
  });
  app.use(notFound);
  app.use(errorHandler(log));

  return {
    http,
    io,
    queue,
    closer,
    listen: (port) =>
      new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, () => {
          const addr = http.address();
          resolve(typeof addr === "object" && addr ? addr.port : port);
        });
      }),
    async close() {
      gateway.shutdown();
      presence.stop();
      silence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await progress.close();
      await queue.close();
      await sql.end();
      await progressSql.end();
      // quit() lets commands in flight finish; disconnect() would reject them.
      await Promise.allSettled([pub, sub, queueConn].map((r) => r.quit()));
    },
  };
}
