// Rankings and their export under /api/regions/:regionId (issue 10, first part).
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON and file routes (the exports are GETs), mounted after the JSON body parser. */
export function resultsRoutes(_deps: ContestDeps): Router {
  return Router();
}
