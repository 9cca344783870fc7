// Judges' review, adjustments, re-scoring, truth correction and appeals (issue 10): protocol/judging.ts.
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

export function judgingRoutes(_deps: ContestDeps): Router {
  const r = Router();
  return r;
}
