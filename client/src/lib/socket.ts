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

export function connectExam(): ExamSocket {
  return io(NAMESPACES.exam, options);
}

export function connectProctor(): ProctorSocket {
  return io(NAMESPACES.proctor, options);
}
