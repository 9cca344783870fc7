// Notices a connection whose network went silent (a cable pulled, the Wi-Fi gone: nothing closes the
// socket, packets simply stop) within a few seconds, cheaply enough for thousands of sockets.
//
// Socket.IO's own heartbeat would need a 2.5 s interval for that. It sends an engine.io "ping" packet
// that the page's JavaScript must answer, and keeps two timers per socket: at 5,000 sockets that was
// 2,000 packets a second each way and a sixth of a core on the server, and a page busy for 2 s (a
// proctor's console drawing a flood of updates) missed its pong and was dropped. Here:
// - anything heard from a connection counts: a save, any packet, a pong;
// - a connection quiet for `pingAfterMs` gets a WebSocket ping frame, which the browser's network
//   stack answers by itself (no JavaScript, no page involved); on long polling, an engine.io ping;
// - a connection quiet for `silentAfterMs` is closed, and the gateway reports it offline as for any
//   closed socket.
// One timer walks every connection each `tickMs`: a tick that came late (this process was busy) closes
// nothing, because the pongs it would need are still waiting to be read.
// Socket.IO's heartbeat stays on, at its default 25 s + 20 s, for the client's own checks.
import type { Server } from "socket.io";
import type { Logger } from "../../core/platform/logger.ts";

export interface SilenceWatchOptions {
  /** A connection heard from nothing for this long is pinged. */
  pingAfterMs: number;
  /** A connection heard from nothing for this long is closed: offline is shown within this + tickMs. */
  silentAfterMs: number;
  tickMs: number;
}

/** The parts of an engine.io connection used here: the `ws` socket under a WebSocket transport. */
interface RawWebSocket {
  readyState: number;
  ping(): void;
  terminate(): void;
  on(event: "pong", fn: () => void): void;
}
interface Transport {
  name: string;
  socket?: RawWebSocket;
}
interface EngineConnection {
  transport: Transport;
  readyState: string;
  on(event: "packet" | "close", fn: () => void): void;
  on(event: "upgrade", fn: (transport: Transport) => void): void;
  close(discard?: boolean): void;
}

interface Watched {
  conn: EngineConnection;
  heardAt: number;
  /** When the last ping went out (0: none since the connection was last heard from). */
  pingedAt: number;
}

const WS_OPEN = 1;

export class SilenceWatch {
  private readonly watched = new Set<Watched>();
  private timer: NodeJS.Timeout | null = null;
  private lastTick = 0;
  /** How many connections this watch has closed since the process started. */
  closed = 0;

  constructor(
    private readonly io: Server,
    private readonly opts: SilenceWatchOptions,
    private readonly log: Logger,
  ) {
    if (!(opts.pingAfterMs < opts.silentAfterMs))
      throw new Error("SilenceWatch: pingAfterMs must be shorter than silentAfterMs");
  }

  start(): void {
    this.io.engine.on("connection", (conn: EngineConnection) => this.watch(conn));
    this.lastTick = Date.now();
    this.timer = setInterval(() => this.tick(), this.opts.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watched.clear();
  }

  private watch(conn: EngineConnection): void {
    const w: Watched = { conn, heardAt: Date.now(), pingedAt: 0 };
    const heard = () => {
      w.heardAt = Date.now();
      w.pingedAt = 0;
    };
    const onTransport = (t: Transport) => {
      if (t.name === "websocket") t.socket?.on("pong", heard);
    };
    conn.on("packet", heard);
    onTransport(conn.transport);
    conn.on("upgrade", (t) => {
      heard();
      onTransport(t);
    });
    conn.on("close", () => this.watched.delete(w));
    this.watched.add(w);
  }

  private tick(): void {
    const now = Date.now();
    // Late by more than a tick: this process was busy, and pongs that came meanwhile are unread.
    const late = now - this.lastTick > 2 * this.opts.tickMs + 250;
    this.lastTick = now;
    let closing = 0;
    for (const w of this.watched) {
      const quiet = now - w.heardAt;
      if (quiet >= this.opts.silentAfterMs) {
        if (late) continue;
        closing++;
        this.watched.delete(w);
        this.close(w.conn);
      } else if (
        quiet >= this.opts.pingAfterMs &&
        (w.pingedAt === 0 || now - w.pingedAt >= this.opts.pingAfterMs)
      ) {
        w.pingedAt = now;
        this.ping(w.conn);
      }
    }
    if (closing > 0) {
      this.closed += closing;
      this.log.info({ closing, silentAfterMs: this.opts.silentAfterMs }, "closed connections gone silent");
    }
  }

  private ping(conn: EngineConnection): void {
    const t = conn.transport;
    try {
      if (t.name === "websocket") {
        if (t.socket?.readyState === WS_OPEN) t.socket.ping();
      } else {
        // Long polling: an engine.io ping rides on the pending poll, and the client answers it.
        (conn as unknown as { sendPacket(type: string): void }).sendPacket("ping");
      }
    } catch (e) {
      this.log.debug({ err: e }, "ping failed");
    }
  }

  private close(conn: EngineConnection): void {
    try {
      const t = conn.transport;
      // Terminating the WebSocket closes at once (a close handshake would wait on the silent peer),
      // and engine.io then closes the connection as for any dropped transport.
      if (t.name === "websocket" && t.socket) t.socket.terminate();
      else conn.close(true);
    } catch (e) {
      this.log.warn({ err: e }, "closing a silent connection failed");
    }
  }
}
