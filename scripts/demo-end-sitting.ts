// `npm run demo:end-sitting`: ends the demo's sitting now, as if its time had run out, so that the
// results can be tried without waiting two hours: every attempt in progress reaches its deadline
// (the running worker's sweep freezes and scores it within seconds), and the start moves back so
// that the late-start window is over and contestants who never started count as absent. The region
// host can then release the results once every attempt is scored. The next `npm run demo` starts
// the sitting afresh unless its results were released.
import { loadConfig } from "../core/config.ts";
import { createDb, type Db } from "../core/platform/db.ts";
import { DEMO_SESSION_NAME } from "../prisma/seed.ts";

export interface EndedSitting {
  sessionId: string;
  closing: number;
  absent: number;
  alreadyReleased: boolean;
}

/** Ends the demo sitting at `now` (see the header). */
export async function endDemoSitting(db: Db, now: Date): Promise<EndedSitting> {
  const session = await db.examSession.findFirst({
    where: { name: DEMO_SESSION_NAME },
    select: { id: true, durationMinutes: true, lateStartMinutes: true, resultsReleasedAt: true },
  });
  if (!session) throw new Error("There is no demo sitting: run `npm run demo` first.");
  if (session.resultsReleasedAt)
    return { sessionId: session.id, closing: 0, absent: 0, alreadyReleased: true };
  const back = Math.max(session.durationMinutes, session.lateStartMinutes) + 1;
  return db.$transaction(async (tx) => {
    const closing = await tx.attempt.updateMany({
      where: { examSessionId: session.id, status: "IN_PROGRESS" },
      data: { deadlineAt: now },
    });
    const absent = await tx.attempt.count({ where: { examSessionId: session.id, status: "NOT_STARTED" } });
    await tx.examSession.update({
      where: { id: session.id },
      data: { startsAt: new Date(now.getTime() - back * 60_000) },
    });
    return { sessionId: session.id, closing: closing.count, absent, alreadyReleased: false };
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL, 2);
  try {
    const r = await endDemoSitting(db, new Date());
    if (r.alreadyReleased) {
      console.log("The demo sitting's results are already released; nothing changed.");
      return;
    }
    console.log(
      `Ended the demo sitting: ${r.closing} attempt(s) in progress close now and are scored by the running worker; ${r.absent} contestant(s) who never started count as absent.`,
    );
    console.log(
      "The region host (host-bj) can release the results on Sessions once every attempt is scored.",
    );
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
