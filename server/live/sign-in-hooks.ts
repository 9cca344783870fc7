// The live side of signing in and out: ends the sockets of a finished sign-in in both namespaces,
// on every server process (through the Redis adapter), and tells the proctors of a second sign-in.
import type { Server } from "socket.io";
import type { Logger } from "../../core/platform/logger.ts";
import { NAMESPACES, rooms } from "../../protocol/index.ts";
import type { SignInHooks } from "../auth/auth.service.ts";
import type { LoginOrigin } from "../auth/login-origin.ts";
import type { IncidentsService } from "./incidents.service.ts";

export class SocketSignInHooks implements SignInHooks {
  constructor(
    private readonly io: Pick<Server, "of">,
    private readonly incidents: Pick<IncidentsService, "secondSignIn">,
    private readonly log: Logger,
  ) {}

  ended(authSessionIds: string[]): void {
    if (authSessionIds.length === 0) return;
    const targets = authSessionIds.map((id) => rooms.auth(id));
    // `true` closes the underlying connection as well: nothing more is read from or sent to it.
    // This process's sockets go at once; the others' through the adapter (when Redis is reachable).
    for (const ns of [NAMESPACES.exam, NAMESPACES.proctor]) {
      this.io.of(ns).local.in(targets).disconnectSockets(true);
      this.io.of(ns).in(targets).disconnectSockets(true);
    }
  }

  async secondSignIn(userId: string, origin: LoginOrigin): Promise<void> {
    // The new sign-in stands even if the proctors cannot be told.
    try {
      await this.incidents.secondSignIn(userId, origin);
    } catch (err) {
      this.log.error({ err, userId }, "recording a second sign-in failed");
    }
  }
}
