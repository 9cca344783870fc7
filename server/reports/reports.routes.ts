// Regional reports, advancement, finalists' and certificates' exports, and the committee's release of
// the sessions it runs (issue 10): protocol/reports.ts.
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

export function reportsRoutes(_deps: ContestDeps): Router {
  const r = Router();
  return r;
}
