// The registration form as the applicant types it, turned into the server's request and checked with
// the server's own schema: each issue is given to the field it belongs to.
import type { z } from "zod";
import {
  type EligibilityBasis,
  GROUP_OF_BASIS,
  type RegistrationRequest,
  type RegistrationView,
  registrationRequestSchema,
} from "../../../protocol/index.ts";

export type TeamMode = "none" | "lead" | "join";

export interface Draft {
  stageId: string;
  regionId: string;
  basis: EligibilityBasis | "";
  name: string;
  idNumber: string;
  phone: string;
  email: string;
  organisation: string;
  field: string;
  jobStartedOn: string;
  honours: string[];
  declaration: boolean;
  teamMode: TeamMode;
  teamName: string;
  joinCode: string;
}

/** The form's fields, as the page names them (an issue of `team.name` belongs to `teamName`). */
export type FieldName =
  | "stageId"
  | "regionId"
  | "basis"
  | "name"
  | "idNumber"
  | "phone"
  | "email"
  | "organisation"
  | "field"
  | "jobStartedOn"
  | "honours"
  | "declaration"
  | "teamName"
  | "joinCode";

export const emptyDraft = (stageId = "", regionId = ""): Draft => ({
  stageId,
  regionId,
  basis: "",
  name: "",
  idNumber: "",
  phone: "",
  email: "",
  organisation: "",
  field: "",
  jobStartedOn: "",
  honours: [],
  declaration: false,
  teamMode: "none",
  teamName: "",
  joinCode: "",
});

/** An application as the server holds it, back in the form (the declaration is made again). */
export function draftOf(view: RegistrationView): Draft {
  const team = view.team;
  return {
    stageId: view.stage.id,
    regionId: view.region.id,
    basis: view.form.basis,
    name: view.form.name,
    idNumber: view.form.idNumber,
    phone: view.form.phone,
    email: view.form.email ?? "",
    organisation: view.form.organisation,
    field: view.form.field,
    jobStartedOn: view.form.jobStartedOn?.slice(0, 10) ?? "",
    honours: view.form.honours,
    declaration: false,
    teamMode: team ? (team.leader ? "lead" : "join") : "none",
    teamName: team?.leader ? team.name : "",
    joinCode: team && !team.leader ? (team.joinCode ?? "") : "",
  };
}

/** The request body the draft stands for (not yet checked). */
export function requestOf(d: Draft): RegistrationRequest {
  const team =
    d.teamMode === "lead"
      ? { mode: "lead" as const, name: d.teamName }
      : d.teamMode === "join"
        ? { mode: "join" as const, joinCode: d.joinCode }
        : { mode: "none" as const };
  return {
    stageId: d.stageId,
    regionId: d.regionId,
    // An unchosen basis is sent as it is, so the schema names the field.
    group: (d.basis ? GROUP_OF_BASIS[d.basis] : "") as RegistrationRequest["group"],
    basis: d.basis as EligibilityBasis,
    name: d.name,
    idNumber: d.idNumber,
    phone: d.phone,
    email: d.email,
    organisation: d.organisation,
    field: d.field,
    ...(d.basis === "EMPLOYEE_JOB" && d.jobStartedOn ? { jobStartedOn: d.jobStartedOn } : {}),
    honours: d.honours,
    declaration: d.declaration as true,
    team,
  };
}

function fieldOf(path: readonly PropertyKey[]): FieldName | null {
  const [first, second] = path;
  if (first === "team") return second === "joinCode" ? "joinCode" : second === "name" ? "teamName" : null;
  if (first === "group") return "basis";
  return typeof first === "string" ? (first as FieldName) : null;
}

export interface Checked {
  /** The request when the whole form is valid. */
  request: RegistrationRequest | null;
  /** The first issue of each field. */
  issues: Partial<Record<FieldName, z.core.$ZodIssue>>;
}

/** Checks the draft with the server's schema. */
export function check(d: Draft): Checked {
  const request = requestOf(d);
  const result = registrationRequestSchema.safeParse(request);
  const issues: Checked["issues"] = {};
  if (!result.success)
    for (const issue of result.error.issues) {
      const field = fieldOf(issue.path);
      if (field && !issues[field]) issues[field] = issue;
    }
  // The schema's cross-field rules run only once the fields parse; say this one as soon as it applies.
  if (d.basis === "EMPLOYEE_JOB" && !d.jobStartedOn && !issues.jobStartedOn)
    issues.jobStartedOn = {
      code: "custom",
      path: ["jobStartedOn"],
      message: "Give the day the related job began.",
      input: "",
    };
  return { request: Object.keys(issues).length === 0 && result.success ? request : null, issues };
}
