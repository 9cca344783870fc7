// The server's refusals of an application or an upload, in the applicant's words.
import type { TFunction } from "i18next";
import type { Language } from "../i18n/index.ts";
import { ApiError } from "../lib/api.ts";
import { errorMessage } from "../ui/errors.ts";
import { formatBytes, formatDay, formatMoment } from "./format.ts";

export interface RefusalContext {
  lang: Language;
  employeeMinYears?: number;
  evidenceMaxBytes?: number;
}

const INELIGIBLE_RULES = [
  "job-years",
  "barred-honour",
  "team-not-found",
  "team-other-region",
  "team-group",
  "team-mixed-organisations",
  "team-full",
] as const;

export function refusalMessage(t: TFunction, e: unknown, ctx: RefusalContext): string {
  if (!(e instanceof ApiError)) return errorMessage(t, e);
  const details = (e.details ?? {}) as Record<string, unknown>;
  switch (e.code) {
    case "INELIGIBLE": {
      const rule = String(details.rule ?? "");
      const years = Number(details.minYears ?? details.employeeMinYears ?? ctx.employeeMinYears ?? 1);
      if (!(INELIGIBLE_RULES as readonly string[]).includes(rule))
        return t("apply.refusal.INELIGIBLE.other", { message: e.message });
      const text = t(`apply.refusal.INELIGIBLE.${rule as (typeof INELIGIBLE_RULES)[number]}`, { years });
      return rule === "job-years" && typeof details.eligibleOn === "string"
        ? text + t("apply.refusal.eligibleOn", { date: formatDay(details.eligibleOn, ctx.lang) })
        : text;
    }
    case "REGISTRATION_CLOSED":
      return typeof details.opensAt === "string" && typeof details.closesAt === "string"
        ? t("apply.refusal.REGISTRATION_CLOSED", {
            from: formatMoment(details.opensAt, ctx.lang),
            to: formatMoment(details.closesAt, ctx.lang),
          })
        : t("apply.refusal.REGISTRATION_CLOSED_plain");
    case "ALREADY_REGISTERED":
      return t("apply.refusal.ALREADY_REGISTERED");
    case "UNSUPPORTED_MEDIA_TYPE":
      return t("apply.refusal.UNSUPPORTED_MEDIA_TYPE");
    case "PAYLOAD_TOO_LARGE": {
      const max = Number(details.maxBytes ?? details.limit ?? ctx.evidenceMaxBytes ?? 10 * 1024 * 1024);
      return t("apply.refusal.PAYLOAD_TOO_LARGE", { size: formatBytes(max) });
    }
    case "RATE_LIMITED":
      return t("apply.refusal.RATE_LIMITED");
    case "VALIDATION_FAILED":
      return t("apply.refusal.VALIDATION_FAILED", { message: e.message });
    case "CONFLICT":
      return t("apply.refusal.CONFLICT", { message: e.message });
    case "UNAUTHENTICATED":
    case "NOT_FOUND":
      return t("apply.refusal.badCode");
    default:
      return errorMessage(t, e);
  }
}
