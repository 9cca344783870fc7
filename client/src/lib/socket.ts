// Socket.IO connections to the contestant (/exam) and proctor (/proctor) namespaces, typed by the protocol.
import { io, type Socket } from "socket.io-client";
import {
  type ExamClientToServer,
  type ExamServerToClient,
  NAMESPACES,
  type ProctorClientToServer,
  type ProctorServerToClient,
} from "../../../protocol/index.ts";

export type ExamSocket = Socket<ExamServerToClient, ExamClientToServer>;
export type ProctorSocket = Socket<ProctorServerToClient, ProctorClientToServer>;

// WebSocket first; long-polling as the fallback for venue networks that block WebSockets.
const options = {
  withCredentials: true,
  transports: ["websocket", "polling"],
  tryAllTransports: true,
  reconnectionDelayMax: 5_000,
};

/** How long an open connection may wait for the namespace's answer before it is opened again. */
export const NAMESPACE_CONNECT_TIMEOUT_MS = 5_000;

/**
 * Socket.IO retries a connection that fails, but not one whose transport is open while the
 * namespace never answers: under heavy load on a multi-process server about one handshake in
 * several thousand went unanswered (see test/faults/cluster.test.ts). Such a socket is closed and
 * opened again, so the page never waits on it for good.
 */
export function watchNamespaceConnect<S extends Socket>(
  socket: S,
  timeoutMs = NAMESPACE_CONNECT_TIMEOUT_MS,
): S {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const clear = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  socket.io.on("open", () => {
    clear();
    timer = setTimeout(() => {
      timer = null;
      if (socket.connected || !socket.active) return;
      socket.disconnect();
      socket.connect();
    }, timeoutMs);
  });
  socket.on("connect", clear);
  socket.io.on("close", clear);
  return socket;
}

export function connectExam(): ExamSocket {
  return watchNamespaceConnect(io(NAMESPACES.exam, options));
}

export function connectProctor(): ProctorSocket {
  return watchNamespaceConnect(io(NAMESPACES.proctor, options));
}
