// Unit tests of the incident reporter with plain EventTargets standing in for window and document.
import { describe, expect, it } from "vitest";
import { IncidentReporter } from "./incidents.ts";

function setup() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), {
    visibilityState: "visible",
    fullscreenElement: null as unknown,
  });
  let t = 1000;
  const seen: [string, unknown][] = [];
  const reporter = new IncidentReporter(
    (kind, details) => seen.push([kind, details]),
    () => t,
  );
  reporter.attach(win, doc);
  return { win, doc, seen, reporter, advance: (ms: number) => (t += ms) };
}

describe("IncidentReporter", () => {
  it("reports leaving and coming back to the tab with the time away", () => {
    const { doc, seen, advance } = setup();
    doc.visibilityState = "hidden";
    doc.dispatchEvent(new Event("visibilitychange"));
    advance(4200);
    doc.visibilityState = "visible";
    doc.dispatchEvent(new Event("visibilitychange"));
    expect(seen).toEqual([
      ["tab-hidden", undefined],
      ["tab-visible", { hiddenMs: 4200 }],
    ]);
  });

  it("reports window blur and focus, clipboard use and leaving full screen", () => {
    const { win, doc, seen, advance } = setup();
    win.dispatchEvent(new Event("blur"));
    advance(300);
    win.dispatchEvent(new Event("focus"));
    win.dispatchEvent(new Event("focus")); // a focus without a blur before it is not news
    doc.dispatchEvent(new Event("copy"));
    doc.dispatchEvent(new Event("paste"));
    doc.fullscreenElement = {};
    doc.dispatchEvent(new Event("fullscreenchange"));
    doc.fullscreenElement = null;
    doc.dispatchEvent(new Event("fullscreenchange"));
    expect(seen.map(([k]) => k)).toEqual(["window-blur", "window-focus", "copy", "paste", "fullscreen-exit"]);
    expect(seen[1]?.[1]).toEqual({ awayMs: 300 });
  });

  it("reports nothing once detached", () => {
    const { win, doc, seen, reporter } = setup();
    reporter.detach();
    win.dispatchEvent(new Event("blur"));
    doc.dispatchEvent(new Event("copy"));
    expect(seen).toEqual([]);
  });
});
