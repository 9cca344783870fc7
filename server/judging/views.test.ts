// The review's incidents (issue 12): proctors' reports as the judges see them, other incidents
// counted by kind and listed up to a cap, malformed details never a failure.
import { describe, expect, it } from "vitest";
import { type IncidentRow, proctorReportView, reviewIncidents, reviewIncidentView } from "./views.ts";

const at = (s: number) => new Date(Date.UTC(2026, 5, 1, 8, 0, s));
const row = (id: string, kind: string, s: number, details: IncidentRow["details"]): IncidentRow => ({
  id,
  kind,
  at: at(s),
  details,
});

describe("proctorReportView", () => {
  it("gives reason, note and the stored proctor's name, never the proctor's id", () => {
    const v = proctorReportView(
      row("r1", "proctor-report", 5, {
        reason: "Phone",
        note: "Twice",
        reporterId: "u1",
        reporterName: "李老师",
      }),
    );
    expect(v).toEqual({
      id: "r1",
      at: at(5).toISOString(),
      reason: "Phone",
      note: "Twice",
      reporter: "李老师",
    });
  });

  it("shows a report without note or name, and survives malformed details", () => {
    expect(proctorReportView(row("r2", "proctor-report", 1, { reason: "Noise" }))).toMatchObject({
      reason: "Noise",
      note: null,
      reporter: null,
    });
    for (const details of [null, "text", [1, 2], { reason: 3, note: "", reporterName: "  " }])
      expect(proctorReportView(row("r3", "proctor-report", 1, details))).toMatchObject({
        reason: "",
        note: null,
        reporter: null,
      });
  });
});

describe("reviewIncidentView", () => {
  it("keeps an object's details and gives {} for anything else", () => {
    expect(reviewIncidentView(row("i1", "copy", 2, { chars: 12 }))).toEqual({
      id: "i1",
      kind: "copy",
      at: at(2).toISOString(),
      details: { chars: 12 },
    });
    expect(reviewIncidentView(row("i2", "paste", 2, [1])).details).toEqual({});
  });
});

describe("reviewIncidents", () => {
  it("puts reports oldest first and counts the others by kind", () => {
    const r = reviewIncidents(
      [
        row("b", "proctor-report", 9, { reason: "Second" }),
        row("a", "proctor-report", 3, { reason: "First" }),
      ],
      [
        { kind: "tab-hidden", count: 2 },
        { kind: "copy", count: 1 },
      ],
      [row("x", "tab-hidden", 4, {}), row("y", "copy", 1, {}), row("z", "tab-hidden", 8, {})],
      10,
    );
    expect(r.reports.map((x) => x.reason)).toEqual(["First", "Second"]);
    expect(r.counts).toEqual({ "tab-hidden": 2, copy: 1 });
    expect(r.total).toBe(3);
    expect(r.list.map((x) => x.id)).toEqual(["y", "x", "z"]);
    expect(r.truncated).toBe(false);
  });

  it("lists only the latest `cap` incidents and says so", () => {
    const others = Array.from({ length: 5 }, (_, i) => row(`i${i}`, "window-blur", i, {}));
    const r = reviewIncidents([], [{ kind: "window-blur", count: 7 }], others.reverse(), 3);
    expect(r.total).toBe(7);
    expect(r.list.map((x) => x.id)).toEqual(["i2", "i3", "i4"]);
    expect(r.truncated).toBe(true);
    expect(reviewIncidents([], [{ kind: "copy", count: 1 }], [row("c", "copy", 1, {})], 0)).toMatchObject({
      list: [],
      truncated: true,
    });
  });

  it("is empty for an attempt without incidents", () => {
    expect(reviewIncidents([], [], [], 200)).toEqual({
      reports: [],
      counts: {},
      total: 0,
      list: [],
      truncated: false,
    });
  });
});
