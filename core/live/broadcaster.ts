// Typed pushes to rooms. The server sends through its Socket.IO server, workers through the Redis
// emitter; both expose `of(namespace).to(room).emit(...)`, so one class serves both.
import {
  type ExamServerToClient,
  NAMESPACES,
  type ProctorServerToClient,
  rooms,
} from "../../protocol/index.ts";

interface Emits {
  of(nsp: string): { to(room: string): { emit(event: string, ...args: unknown[]): unknown } };
}

export class Broadcaster {
  constructor(private readonly target: Emits) {}

  toSession<E extends keyof ProctorServerToClient>(
    sessionId: string,
    event: E,
    payload: Parameters<ProctorServerToClient[E]>[0],
  ): void {
    this.target.of(NAMESPACES.proctor).to(rooms.session(sessionId)).emit(event, payload);
  }

  /** Every contestant socket of an exam session (they join the session's room in /exam too). */
  toExamSession<E extends keyof ExamServerToClient>(
    sessionId: string,
    event: E,
    payload: Parameters<ExamServerToClient[E]>[0],
  ): void {
    this.target.of(NAMESPACES.exam).to(rooms.session(sessionId)).emit(event, payload);
  }

  toAttempt<E extends keyof ExamServerToClient>(
    attemptId: string,
    event: E,
    payload: Parameters<ExamServerToClient[E]>[0],
  ): void {
    this.target.of(NAMESPACES.exam).to(rooms.attempt(attemptId)).emit(event, payload);
  }
}
