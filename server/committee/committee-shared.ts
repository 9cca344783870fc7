// What the committee's services share: the admin check, the audit entry every change writes, and
// refusals shaped like the boundary's own (a path and a message per problem).
import { ForbiddenError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import type { Prisma } from "../../prisma/generated/client.ts";
import { isAdmin, isStaff, type Principal } from "../auth/principal.ts";

/** The services check the actor themselves: the demo seed calls them without the HTTP guards. */
export function assertAdmin(actor: Principal): void {
  if (!isAdmin(actor)) throw new ForbiddenError("This is for the national committee's admins.");
}

export function assertStaff(actor: Principal): void {
  if (!isStaff(actor)) throw new ForbiddenError("This is for staff.");
}

/** A 400 naming the field, the same shape as a schema's refusal. */
export function invalid(path: string, message: string): ValidationError {
  return new ValidationError("The request is not valid.", [{ path, message }]);
}

export interface AuditInput {
  action: string;
  /** What changed, e.g. `contest:<id>`. */
  target: string;
  reason?: string | null;
  details: Record<string, unknown>;
}

/** Writes the audit entry of a change, in the change's own transaction. */
export async function audit(tx: Tx, actor: Principal, at: Date, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actorId: actor.userId,
      action: entry.action,
      target: entry.target,
      reason: entry.reason ?? null,
      at,
      details: entry.details as Prisma.InputJsonObject,
    },
  });
}

/** Whether a Prisma error is a unique violation (P2002): a race another check lost. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

/** The changed fields of an update, old and new, for the audit entry. */
export function changesOf<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from, to };
  }
  return out;
}
