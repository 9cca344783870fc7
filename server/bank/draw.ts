// The seeded draw of a theory rule: for each draw, `count` questions of its kind (and topics) that
// no earlier draw took, chosen by a partial Fisher–Yates shuffle driven by mulberry32(seed). The
// same pool (in the same order) and the same seed give the same questions.
import { mulberry32 } from "../../core/random.ts";
import type { Draw } from "../../protocol/bank.ts";

export interface PoolQuestion {
  id: string;
  kind: Draw["kind"];
  topic: string;
}

export type DrawResult =
  | { picks: { id: string; points: number; draw: number }[] }
  | { short: { index: number; wanted: number; available: number }[] };

export function drawQuestions(
  pool: readonly PoolQuestion[],
  draws: readonly Draw[],
  seed: number,
): DrawResult {
  const next = mulberry32(seed);
  const used = new Set<string>();
  const picks: { id: string; points: number; draw: number }[] = [];
  const short: { index: number; wanted: number; available: number }[] = [];
  draws.forEach((d, index) => {
    const topics = d.topics && d.topics.length > 0 ? new Set(d.topics) : null;
    const candidates = pool.filter(
      (q) => q.kind === d.kind && (!topics || topics.has(q.topic)) && !used.has(q.id),
    );
    if (candidates.length < d.count) {
      short.push({ index, wanted: d.count, available: candidates.length });
      return;
    }
    for (let j = 0; j < d.count; j++) {
      const k = j + Math.floor(next() * (candidates.length - j));
      const chosen = candidates[k] as PoolQuestion;
      candidates[k] = candidates[j] as PoolQuestion;
      candidates[j] = chosen;
      used.add(chosen.id);
      picks.push({ id: chosen.id, points: d.points, draw: index });
    }
  });
  return short.length > 0 ? { short } : { picks };
}
