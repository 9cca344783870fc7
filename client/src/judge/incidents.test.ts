import { describe, expect, it } from "vitest";
import type { JudgeAttemptRow } from "../../../protocol/index.ts";
import { countsInOrder, detailsText, filterAttempts, incidentKindKey } from "./incidents.ts";

const row = (attemptId: string, status: string, reports: number): JudgeAttemptRow => ({
  attemptId,
  contestant: { name: attemptId, ticketNumber: attemptId },
  seat: null,
  status,
  total: null,
  theory: null,
  practical: null,
  version: null,
  adjustments: 0,
  openAppeals: 0,
  reports,
});

describe("filterAttempts", () => {
  const rows = [row("a", "SCORED", 2), row("b", "SCORED", 0), row("c", "FROZEN", 1)];
  it("keeps every row without filters", () => {
    expect(filterAttempts(rows, { status: "", reportedOnly: false }).map((r) => r.attemptId)).toEqual([
      "a",
      "b",
      "c",
    ]);
  });
  it("keeps only reported attempts, with the status filter too", () => {
    expect(filterAttempts(rows, { status: "", reportedOnly: true }).map((r) => r.attemptId)).toEqual([
      "a",
      "c",
    ]);
    expect(filterAttempts(rows, { status: "SCORED", reportedOnly: true }).map((r) => r.attemptId)).toEqual([
      "a",
    ]);
    expect(filterAttempts(rows, { status: "SCORED", reportedOnly: false }).map((r) => r.attemptId)).toEqual([
      "a",
      "b",
    ]);
  });
});

describe("incident views", () => {
  it("names known kinds and leaves unknown ones to the caller", () => {
    expect(incidentKindKey("tab-hidden")).toBe("judging.incidents.kind.tab-hidden");
    expect(incidentKindKey("proctor-report")).toBe("judging.incidents.kind.proctor-report");
    expect(incidentKindKey("something-new")).toBeNull();
  });
  it("orders counts largest first, then by kind, without empty ones", () => {
    expect(countsInOrder({ paste: 1, copy: 3, "tab-hidden": 3, x: 0 })).toEqual([
      ["copy", 3],
      ["tab-hidden", 3],
      ["paste", 1],
    ]);
  });
  it("writes details on one line, cutting long values", () => {
    expect(detailsText({})).toBe("");
    expect(detailsText({ hiddenMs: 1200, ok: true, who: "x" })).toBe("hiddenMs: 1200 · ok: true · who: x");
    const long = detailsText({ text: "a".repeat(200) });
    expect(long.length).toBe("text: ".length + 80);
    expect(long.endsWith("…")).toBe(true);
    expect(detailsText({ nested: { a: [1] } })).toBe('nested: {"a":[1]}');
  });
});
