// Express middleware that refuses hostile input before any handler sees it: a NUL in the path, and
// body or query values the input guard rejects (NUL, lone surrogates, deep nesting, too many values).
import type { NextFunction, Request, Response } from "express";
import { ValidationError } from "../../core/errors.ts";
import { findInputProblem, type InputLimits, type InputProblem } from "../../protocol/index.ts";

function refusal(where: "body" | "query", p: InputProblem): ValidationError {
  return new ValidationError(p.message, { path: p.path ? `${where}.${p.path}` : where, problem: p.kind });
}

/** Mount after `express.json()`, so that the body is parsed. */
export function guardInput(limits: Partial<InputLimits> = {}) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    let path: string;
    try {
      path = decodeURIComponent(req.originalUrl.split("?")[0] ?? "");
    } catch {
      throw new ValidationError("The path is not valid percent-encoded UTF-8.", { path: "path" });
    }
    if (path.includes("\u0000"))
      throw new ValidationError("The path contains a NUL character.", { path: "path", problem: "nul" });
    const inBody = req.body === undefined ? null : findInputProblem(req.body, limits);
    if (inBody) throw refusal("body", inBody);
    const inQuery = findInputProblem(req.query, limits);
    if (inQuery) throw refusal("query", inQuery);
    next();
  };
}
