// The national question bank (protocol/bank.ts): import, list, template, theory assembly.
import { Router } from "express";
import type { ContestDeps } from "../contest-deps.ts";

/** JSON routes (mounted after the body parser). */
export function bankRoutes(_deps: ContestDeps): Router {
  return Router();
}

/** Routes that take a raw file body, mounted before the JSON body parser. */
export function bankUploadRoutes(_deps: ContestDeps): Router {
  return Router();
}
