// Source maps are never served, whatever build put them in the client folder: they would hand out
// the client's source. A 404, as if the file were not there.
import type { NextFunction, Request, Response } from "express";
import { NotFoundError } from "../../core/errors.ts";

export function refuseSourceMaps(req: Request, _res: Response, next: NextFunction): void {
  let path = req.path;
  try {
    // The static server decodes the path before it looks for the file: so must this check.
    path = decodeURIComponent(path);
  } catch {
    // Not decodable: the static server refuses it on its own.
  }
  if (/\.map$/i.test(path)) throw new NotFoundError("The file");
  next();
}
