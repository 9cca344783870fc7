import { describe, expect, it } from "vitest";
import { parseTruth } from "./truth-editor.tsx";

describe("parseTruth", () => {
  it("gives the JSON value of the editor's text", () => {
    expect(parseTruth('{ "text": "一二三" }')).toEqual({ ok: true, value: { text: "一二三" } });
    expect(parseTruth("null")).toEqual({ ok: true, value: null });
  });
  it("gives the parser's complaint for text that is not JSON", () => {
    const r = parseTruth("{ text: ");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
  });
});
