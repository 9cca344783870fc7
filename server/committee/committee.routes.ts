// The national committee's routes under /api/admin (issue 9)
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON routes, mounted after the JSON body parser. */
export function committeeRoutes(_deps: ContestDeps): Router {
  const r = Router();
  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser (none by default). */
export function committeeUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
