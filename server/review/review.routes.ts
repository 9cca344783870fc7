// Registration review and bulk import under /api/regions/:regionId (issue 9)
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON routes, mounted after the JSON body parser. */
export function reviewRoutes(_deps: ContestDeps): Router {
  const r = Router();
  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser (none by default). */
export function reviewUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
