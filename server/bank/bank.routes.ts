// The national question bank (protocol/bank.ts): import, list, template, theory assembly. Admins only.
import express, { type Response, Router } from "express";
import { z } from "zod";
import {
  BANK_IMPORT_MAX_BYTES,
  bankImportQuerySchema,
  bankListQuerySchema,
  theoryAssemblySchema,
} from "../../protocol/bank.ts";
import { idSchema } from "../../protocol/ids.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { guardInput } from "../http/input-guard.ts";
import { ok, parse, principalOf, requireAdmin } from "../http/middleware.ts";
import { contentDisposition } from "../registration/evidence-type.ts";
import { BankService } from "./bank.service.ts";
import { bankTemplateCsv, bankTemplateXlsx, XLSX_MEDIA_TYPE } from "./bank-template.ts";

const idParams = z.object({ id: idSchema });
const paperParams = z.object({ paperId: idSchema });

function sendFile(res: Response, bytes: Buffer, mediaType: string, fileName: string): void {
  res.setHeader("Content-Type", mediaType);
  res.setHeader("Content-Disposition", contentDisposition(fileName));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "private, no-store");
  res.send(bytes);
}

/** JSON routes (mounted after the body parser). */
export function bankRoutes(deps: ContestDeps): Router {
  const bank = new BankService(deps);
  const r = Router();
  r.use(["/admin/bank", "/admin/papers/:paperId/theory"], requireAdmin);

  r.get("/admin/bank/template.xlsx", async (_req, res) => {
    sendFile(res, await bankTemplateXlsx(), XLSX_MEDIA_TYPE, "题库导入模板.xlsx");
  });

  r.get("/admin/bank/template.csv", (_req, res) => {
    sendFile(res, bankTemplateCsv(), "text/csv; charset=utf-8", "题库导入模板.csv");
  });

  r.get("/admin/bank/questions", async (req, res) => {
    ok(res, await bank.list(parse(bankListQuerySchema, req.query)));
  });

  r.get("/admin/bank/topics", async (_req, res) => {
    ok(res, await bank.topics());
  });

  r.delete("/admin/bank/questions/:id", async (req, res) => {
    const { id } = parse(idParams, req.params);
    ok(res, await bank.remove(principalOf(req), id));
  });

  r.get("/admin/papers/:paperId/theory", async (req, res) => {
    const { paperId } = parse(paperParams, req.params);
    ok(res, await bank.theory(paperId));
  });

  r.put("/admin/papers/:paperId/theory", async (req, res) => {
    const { paperId } = parse(paperParams, req.params);
    const body = parse(theoryAssemblySchema, req.body ?? {});
    ok(res, await bank.assemble(principalOf(req), paperId, body));
  });

  return r;
}

/** Routes that take a raw file body, mounted before the JSON body parser. */
export function bankUploadRoutes(deps: ContestDeps): Router {
  const bank = new BankService(deps);
  const r = Router();
  // Who may send a file is settled before its body is read: a stranger's 5 MB is never taken in.
  r.post(
    "/admin/bank/imports",
    guardInput(),
    requireAdmin,
    express.raw({ type: () => true, limit: BANK_IMPORT_MAX_BYTES }),
    async (req, res) => {
      const { dryRun, name } = parse(bankImportQuerySchema, req.query);
      const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      ok(
        res,
        await bank.import(principalOf(req), { bytes, dryRun, ...(name ? { name } : {}) }),
        dryRun ? 200 : 201,
      );
    },
  );
  return r;
}
