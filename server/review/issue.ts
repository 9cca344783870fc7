// Issuing a contestant's credentials on approval (one registration or a bulk import, and the demo
// seed): the ticket number, the initial password, the User and the Contestant.
import { availableParallelism } from "node:os";
import type { Config } from "../../core/config.ts";
import type { Tx } from "../../core/platform/db.ts";
import { hashPassword } from "../../core/platform/passwords.ts";
import { seal } from "../../core/platform/secret-box.ts";
import type { Group } from "../../protocol/contest.ts";
import type { RandomInt } from "../contest-deps.ts";

/**
 * A ticket number is 12 digits: the contest's year (2 digits), the region's number (2 digits, more
 * if a region is numbered past 99) and 8 digits drawn at random. Contestants approved one after the
 * other share the 4-digit prefix and nothing else, so one ticket says nothing about another's.
 */
export const TICKET_RANDOM_DIGITS = 8;
const TICKET_SPACE = 10 ** TICKET_RANDOM_DIGITS;

export function ticketPrefix(contestYear: number, regionNo: number | null): string {
  return String(contestYear % 100).padStart(2, "0") + String(regionNo ?? 0).padStart(2, "0");
}

export function drawTicketNumber(prefix: string, random: RandomInt): string {
  return prefix + String(random(TICKET_SPACE)).padStart(TICKET_RANDOM_DIGITS, "0");
}

/**
 * `count` ticket numbers with `prefix`, unique among themselves and against the database (one query
 * per round; a collision is rare, 1 in 10^8 per contestant already issued). The unique index still
 * guards against a concurrent transaction drawing the same number: callers retry on P2002.
 */
export async function drawTicketNumbers(
  tx: Tx,
  prefix: string,
  count: number,
  random: RandomInt,
): Promise<string[]> {
  const chosen = new Set<string>();
  for (let round = 0; chosen.size < count; round++) {
    if (round >= 10) throw new Error("could not draw unique ticket numbers");
    const fresh = new Set<string>();
    while (fresh.size < count - chosen.size) {
      const t = drawTicketNumber(prefix, random);
      if (!chosen.has(t)) fresh.add(t);
    }
    const taken = await tx.contestant.findMany({
      where: { ticketNumber: { in: [...fresh] } },
      select: { ticketNumber: true },
    });
    const takenSet = new Set(taken.map((t) => t.ticketNumber));
    for (const t of fresh) if (!takenSet.has(t)) chosen.add(t);
  }
  return [...chosen];
}

/** No 0/O/o, 1/l/I/i: the password is read off a printed ticket and typed in by hand. */
export const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
export const PASSWORD_LENGTH = 10;

export function drawInitialPassword(random: RandomInt): string {
  let s = "";
  for (let i = 0; i < PASSWORD_LENGTH; i++) s += PASSWORD_ALPHABET[random(PASSWORD_ALPHABET.length)];
  return s;
}

/** A new password, its hash and its sealed copy for the admission ticket. */
export interface Credentials {
  password: string;
  passwordHash: string;
  sealed: string;
}

/**
 * Draws and hashes `count` initial passwords. Hashing (argon2) is slow, so it runs here, outside any
 * transaction, a few at a time (no more than the cores: argon2 is CPU-bound). The passwords are drawn first, in order, so a seeded `random` gives
 * the same passwords whatever order the hashes finish in.
 */
export async function newCredentials(
  deps: { random: RandomInt; config: Pick<Config, "SESSION_SECRET"> },
  count: number,
  concurrency = Math.min(4, availableParallelism()),
): Promise<Credentials[]> {
  const passwords = Array.from({ length: count }, () => drawInitialPassword(deps.random));
  const out: Credentials[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const password = passwords[i] as string;
      out[i] = {
        password,
        passwordHash: await hashPassword(password),
        sealed: seal(deps.config.SESSION_SECRET, password),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return out;
}

export interface ContestantSpec {
  name: string;
  stageId: string;
  regionId: string;
  group: Group;
  teamId: string | null;
  organisation: string;
  ticketNumber: string;
  credentials: Credentials;
}

/** Creates the User (who signs in with the ticket number) and the Contestant, inside `tx`. */
export async function createContestantAccount(
  tx: Tx,
  spec: ContestantSpec,
): Promise<{ userId: string; contestantId: string }> {
  const user = await tx.user.create({
    data: { name: spec.name, passwordHash: spec.credentials.passwordHash },
    select: { id: true },
  });
  const contestant = await tx.contestant.create({
    data: {
      userId: user.id,
      stageId: spec.stageId,
      regionId: spec.regionId,
      group: spec.group,
      teamId: spec.teamId,
      organisation: spec.organisation,
      ticketNumber: spec.ticketNumber,
      initialPasswordSealed: spec.credentials.sealed,
    },
    select: { id: true },
  });
  return { userId: user.id, contestantId: contestant.id };
}

/**
 * Issues accounts to approved people inside `tx`: draws a ticket number for each (all with the
 * contest's and region's prefix) and creates each User and Contestant. Approval, the bulk import and
 * the demo seed all issue through here; the credentials come from newCredentials, made beforehand.
 */
export async function issueContestants(
  tx: Tx,
  random: RandomInt,
  prefix: string,
  people: Omit<ContestantSpec, "ticketNumber">[],
): Promise<{ userId: string; contestantId: string; ticketNumber: string }[]> {
  const tickets = await drawTicketNumbers(tx, prefix, people.length, random);
  const issued = [];
  for (const [i, person] of people.entries()) {
    const ticketNumber = tickets[i] as string;
    issued.push({ ...(await createContestantAccount(tx, { ...person, ticketNumber })), ticketNumber });
  }
  return issued;
}

/** Whether a Prisma error is a unique-index violation (P2002), e.g. two transactions drew one ticket. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

/** Runs `work` again (up to `attempts` times) when it failed on a unique index. */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (e) {
      if (!isUniqueViolation(e) || i >= attempts) throw e;
    }
  }
}
