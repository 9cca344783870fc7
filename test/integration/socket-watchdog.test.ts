// The pages' watchdog against a real Socket.IO server whose namespace leaves the first handshake
// unanswered (as a lost CONNECT frame does): the socket is opened again and connects.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as ioClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchNamespaceConnect } from "../../client/src/lib/socket.ts";

let server: Server;
let port = 0;
let handshakes = 0;

beforeAll(async () => {
  const http = createServer();
  server = new Server(http);
  // The first handshake is never answered; later ones are.
  server.of("/exam").use((_socket, next) => {
    handshakes++;
    if (handshakes > 1) next();
  });
  await new Promise<void>((resolve) => http.listen(0, resolve));
  const addr = http.address();
  port = typeof addr === "object" && addr ? addr.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("watchNamespaceConnect", () => {
  it("opens a socket again whose handshake went unanswered, and it connects", async () => {
    const socket = watchNamespaceConnect(
      ioClient(`http://127.0.0.1:${port}/exam`, { transports: ["websocket"], forceNew: true }),
      300,
    );
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 5_000);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    socket.disconnect();
    expect(connected).toBe(true);
    expect(handshakes).toBe(2);
  });

  it("leaves a socket alone that connects in time", async () => {
    const before = handshakes;
    const socket = watchNamespaceConnect(
      ioClient(`http://127.0.0.1:${port}/exam`, { transports: ["websocket"], forceNew: true }),
      300,
    );
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    await new Promise((r) => setTimeout(r, 500));
    expect(socket.connected).toBe(true);
    expect(handshakes - before).toBe(1);
    socket.disconnect();
  });
});
