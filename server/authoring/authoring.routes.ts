// Paper and task authoring (protocol/authoring.ts): papers, tasks, dataset imports, try-score.
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON routes (mounted after the body parser). */
export function authoringRoutes(_deps: ContestDeps): Router {
  return Router();
}

/** Routes that take a raw file body, mounted before the JSON body parser. */
export function authoringUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
