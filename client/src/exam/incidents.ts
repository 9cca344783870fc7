// Reports what proctors need to know about the exam window: leaving the tab or the window, leaving
// full screen, and using the clipboard. Each becomes an incident on the server.
import type { ReportableIncidentKind } from "../../../protocol/index.ts";

export type ReportIncident = (
  kind: ReportableIncidentKind,
  details?: Record<string, string | number | boolean>,
) => void;

interface Doc extends EventTarget {
  visibilityState: string;
  fullscreenElement?: unknown;
}

export class IncidentReporter {
  private hiddenAt: number | null = null;
  private blurredAt: number | null = null;
  private wasFullscreen = false;
  private attached: { win: EventTarget; doc: Doc } | null = null;

  constructor(
    private readonly report: ReportIncident,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private readonly onVisibility = () => {
    const doc = this.attached?.doc;
    if (!doc) return;
    if (doc.visibilityState === "hidden") {
      this.hiddenAt = this.now();
      this.report("tab-hidden");
    } else if (this.hiddenAt !== null) {
      this.report("tab-visible", { hiddenMs: this.now() - this.hiddenAt });
      this.hiddenAt = null;
    }
  };

  private readonly onBlur = () => {
    this.blurredAt = this.now();
    this.report("window-blur");
  };

  private readonly onFocus = () => {
    if (this.blurredAt === null) return;
    this.report("window-focus", { awayMs: this.now() - this.blurredAt });
    this.blurredAt = null;
  };

  private readonly onFullscreen = () => {
    const full = Boolean(this.attached?.doc.fullscreenElement);
    if (this.wasFullscreen && !full) this.report("fullscreen-exit");
    this.wasFullscreen = full;
  };

  private readonly onCopy = () => this.report("copy");
  private readonly onPaste = () => this.report("paste");

  attach(win: EventTarget, doc: Doc): void {
    if (this.attached) return;
    this.attached = { win, doc };
    this.wasFullscreen = Boolean(doc.fullscreenElement);
    doc.addEventListener("visibilitychange", this.onVisibility);
    doc.addEventListener("fullscreenchange", this.onFullscreen);
    doc.addEventListener("copy", this.onCopy);
    doc.addEventListener("paste", this.onPaste);
    win.addEventListener("blur", this.onBlur);
    win.addEventListener("focus", this.onFocus);
  }

  detach(): void {
    const a = this.attached;
    if (!a) return;
    a.doc.removeEventListener("visibilitychange", this.onVisibility);
    a.doc.removeEventListener("fullscreenchange", this.onFullscreen);
    a.doc.removeEventListener("copy", this.onCopy);
    a.doc.removeEventListener("paste", this.onPaste);
    a.win.removeEventListener("blur", this.onBlur);
    a.win.removeEventListener("focus", this.onFocus);
    this.attached = null;
  }
}
