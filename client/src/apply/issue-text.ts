// The interface's own words for a schema issue of a form field (the schema's messages are English).
import type { TFunction } from "i18next";
import type { z } from "zod";
import type { FieldName } from "./form-model.ts";

export function issueText(t: TFunction, field: FieldName, issue: z.core.$ZodIssue, value: unknown): string {
  const blank = typeof value === "string" && value.trim() === "";
  switch (field) {
    case "stageId":
    case "regionId":
    case "basis":
      return t("apply.issues.choose");
    case "declaration":
      return t("apply.issues.declaration");
    case "idNumber":
      if (blank) return t("apply.issues.required");
      return issue.message.includes("birth date") ? t("apply.issues.idChecksum") : t("apply.issues.idFormat");
    case "phone":
      return blank ? t("apply.issues.required") : t("apply.issues.phone");
    case "email":
      return t("apply.issues.email");
    case "jobStartedOn":
      return issue.code === "custom" ? t("apply.issues.jobStartedOn") : t("apply.issues.date");
    case "joinCode":
      return blank ? t("apply.issues.required") : t("apply.issues.joinCode");
    default:
      if (blank || issue.code === "too_small") return t("apply.issues.required");
      if (issue.code === "too_big") return t("apply.issues.tooLong", { max: Number(issue.maximum) });
      if (issue.message.includes("Control")) return t("apply.issues.control");
      return issue.message;
  }
}
