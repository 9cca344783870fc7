import type { Event } from "socket.io";
import { describe, expect, it, vi } from "vitest";
import { guardSocketInput } from "./socket-input-guard.ts";

function run(packet: Event) {
  const next = vi.fn();
  guardSocketInput({ maxDepth: 4 })(packet, next);
  return next;
}

describe("guardSocketInput", () => {
  it("lets a clean event through, ack and all", () => {
    const ack = vi.fn();
    const next = run(["answer:save", { data: { text: "北京 😀" } }, ack]);
    expect(next).toHaveBeenCalledWith();
    expect(ack).not.toHaveBeenCalled();
  });

  it("answers a hostile event's ack with VALIDATION_FAILED and the path, and stops it", () => {
    const ack = vi.fn();
    const next = run(["answer:save", { data: { text: "a\u0000" } }, ack]);
    expect(next).not.toHaveBeenCalled();
    expect(ack).toHaveBeenCalledWith({
      error: {
        code: "VALIDATION_FAILED",
        message: expect.stringMatching(/NUL/),
        details: { path: "data.text", problem: "nul" },
      },
    });
  });

  it("refuses nesting beyond the limit and lone surrogates", () => {
    const deep = vi.fn();
    run(["answer:save", { a: { b: { c: { d: {} } } } }, deep]);
    expect(deep.mock.calls[0]?.[0]).toMatchObject({ error: { details: { problem: "too-deep" } } });
    const lone = vi.fn();
    run(["incident:report", { details: { note: "\ud800" } }, lone]);
    expect(lone.mock.calls[0]?.[0]).toMatchObject({ error: { details: { path: "details.note" } } });
  });

  it("drops a hostile event without an ack, without raising an error on the socket", () => {
    const next = run(["answer:save", { text: "\u0000" }]);
    expect(next).not.toHaveBeenCalled();
  });

  it("checks every argument of an event with several", () => {
    const ack = vi.fn();
    const next = run(["x", "fine", { note: "\udc00" }, ack]);
    expect(next).not.toHaveBeenCalled();
    expect(ack.mock.calls[0]?.[0]).toMatchObject({ error: { details: { path: "1.note" } } });
  });
});
