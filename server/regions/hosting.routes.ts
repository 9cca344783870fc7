// A region's venues, sessions, seating, staff and admission tickets under /api/regions/:regionId (issue 9)
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON routes, mounted after the JSON body parser. */
export function hostingRoutes(_deps: ContestDeps): Router {
  const r = Router();
  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser (none by default). */
export function hostingUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
