// A server process: HTTP, Socket.IO and the built client. Run alone (`tsx server/main.ts`, tests,
// development) it listens on PORT; forked by server/cluster.ts it takes the connections the primary
// hands it instead. Connections handed over while this process is still loading are held here (the
// app is imported only after this listener is in place) and replayed once Socket.IO is ready.
import cluster from "node:cluster";

const early: [unknown, unknown][] = [];
const hold = (message: unknown, handle: unknown) => early.push([message, handle]);
if (cluster.isWorker) process.on("message", hold);

const { startServerProcess } = await import("./server-process.ts");
startServerProcess(() => {
  process.off("message", hold);
  const emit = process.emit as (event: string, ...args: unknown[]) => boolean;
  for (const [message, handle] of early.splice(0)) emit.call(process, "message", message, handle);
});
