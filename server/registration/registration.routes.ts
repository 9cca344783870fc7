// Public registration: apply, correct, upload evidence, withdraw (issue 9)
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON routes, mounted after the JSON body parser. */
export function registrationRoutes(_deps: ContestDeps): Router {
  const r = Router();
  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser (none by default). */
export function registrationUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
