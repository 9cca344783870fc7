// Unit tests of the live side of signing in and out, with a fake Socket.IO server.
import { pino } from "pino";
import type { Server } from "socket.io";
import { describe, expect, it, vi } from "vitest";
import { SocketSignInHooks } from "./sign-in-hooks.ts";

function fakeIo() {
  const calls: string[] = [];
  const target = (ns: string, scope: string) => ({
    in: (rooms: string[]) => ({
      disconnectSockets: (close: boolean) => calls.push(`${scope} ${ns} ${rooms.join(",")} ${close}`),
    }),
  });
  const io = { of: (ns: string) => ({ ...target(ns, "all"), local: target(ns, "local") }) };
  return { io: io as unknown as Pick<Server, "of">, calls };
}

const log = pino({ level: "silent" });

describe("SocketSignInHooks", () => {
  describe("ended", () => {
    it("closes the sign-ins' sockets in both namespaces, here at once and on every process", () => {
      const { io, calls } = fakeIo();
      new SocketSignInHooks(io, { secondSignIn: vi.fn() }, log).ended(["s1", "s2"]);
      expect(calls).toEqual([
        "local /exam auth:s1,auth:s2 true",
        "all /exam auth:s1,auth:s2 true",
        "local /proctor auth:s1,auth:s2 true",
        "all /proctor auth:s1,auth:s2 true",
      ]);
    });

    it("does nothing for no sign-ins (an empty room list would mean every socket)", () => {
      const { io, calls } = fakeIo();
      new SocketSignInHooks(io, { secondSignIn: vi.fn() }, log).ended([]);
      expect(calls).toEqual([]);
    });
  });

  describe("secondSignIn", () => {
    it("records the incident, and a failure to do so does not fail the sign-in", async () => {
      const { io } = fakeIo();
      const secondSignIn = vi.fn().mockRejectedValue(new Error("database down"));
      const hooks = new SocketSignInHooks(io, { secondSignIn }, log);
      const origin = { address: "10.0.0.1", userAgent: "ua" };
      await expect(hooks.secondSignIn("u1", origin)).resolves.toBeUndefined();
      expect(secondSignIn).toHaveBeenCalledWith("u1", origin);
    });
  });
});
