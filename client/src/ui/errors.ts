// A translated, human message for any error the API or a socket reports.
import type { TFunction } from "i18next";
import { ApiError } from "../lib/api.ts";

export function errorMessage(t: TFunction, e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "NETWORK") return t("errors.NETWORK");
    if (e.code === "UNAUTHENTICATED") return t("errors.UNAUTHENTICATED");
    if (e.code === "FORBIDDEN") return t("errors.FORBIDDEN");
    if (e.code === "NOT_FOUND") return t("errors.NOT_FOUND");
    return t("errors.generic", { message: e.message });
  }
  return t("errors.generic", { message: e instanceof Error ? e.message : String(e) });
}
