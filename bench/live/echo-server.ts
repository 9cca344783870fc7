// The baseline of the live benchmark: a bare Socket.IO relay with no database, no Redis and no
// checks. A contestant's `answer:save` is acknowledged and relayed at once to the proctors as a
// `contestant:progress` carrying how many saves that attempt has made, which is what the real
// server's progress reports after a save of a new item. The same clients, the same rate: the
// difference to the real figures is what the exam engine and the coalescing cost.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 0);
const http = createServer((req, res) => {
  res.writeHead(req.url === "/health" ? 200 : 404).end();
});
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 4_000_000 });
const counts = new Map<string, number>();
const proctors = io.of("/proctor");

proctors.on("connection", (socket) => {
  socket.on("session:watch", (req: { sessionId?: string }, ack?: (r: unknown) => void) => {
    void socket.join("watchers");
    ack?.({ data: { sessionId: req?.sessionId } });
  });
});

io.of("/exam").on("connection", (socket) => {
  socket.on("answer:save", (req: { attemptId: string; revision: number }, ack?: (r: unknown) => void) => {
    const answered = (counts.get(req.attemptId) ?? 0) + 1;
    counts.set(req.attemptId, answered);
    const at = new Date().toISOString();
    ack?.({ data: { revision: req.revision, savedAt: at, duplicate: false } });
    proctors.to("watchers").emit("contestant:progress", {
      sessionId: "",
      attemptId: req.attemptId,
      answered,
      total: 0,
      status: "IN_PROGRESS",
      startedAt: null,
      deadlineAt: null,
      at,
    });
  });
});

http.listen(port, "127.0.0.1");
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
