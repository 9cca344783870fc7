// Levenshtein alignment of two sequences: hits, substitutions, deletions and insertions.

export interface EditCounts {
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
}

export type EditOp<T> =
  | { op: "equal"; ref: T; hyp: T }
  | { op: "substitute"; ref: T; hyp: T }
  | { op: "delete"; ref: T }
  | { op: "insert"; hyp: T };

/**
 * The counts of a minimum-cost alignment of ref to hyp (unit cost for a substitution, deletion or
 * insertion). Several alignments can share the minimum distance and differ in how they split it
 * (ref "a b" → hyp "b c": two substitutions, or a deletion, a hit and an insertion); the one with
 * the most hits is taken, which fixes every count since 2·hits + substitutions = |ref| + |hyp| −
 * distance. WER and CER depend only on the distance; MER and WIL depend on the split.
 * O(|ref|·|hyp|) time, O(|hyp|) memory. Elements are compared with ===.
 */
export function editCounts<T>(ref: readonly T[], hyp: readonly T[]): EditCounts {
  const n = ref.length;
  const m = hyp.length;
  // Row i holds, for each j, the best (distance, hits) aligning ref[0, i) with hyp[0, j).
  let dist = new Int32Array(m + 1);
  let hits = new Int32Array(m + 1);
  let nextDist = new Int32Array(m + 1);
  let nextHits = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) dist[j] = j;
  for (let i = 1; i <= n; i++) {
    const r = ref[i - 1];
    nextDist[0] = i;
    nextHits[0] = 0;
    for (let j = 1; j <= m; j++) {
      const same = r === hyp[j - 1];
      // Diagonal: a hit or a substitution.
      let d = (dist[j - 1] as number) + (same ? 0 : 1);
      let h = (hits[j - 1] as number) + (same ? 1 : 0);
      // Deletion of ref[i - 1].
      const dd = (dist[j] as number) + 1;
      const dh = hits[j] as number;
      if (dd < d || (dd === d && dh > h)) {
        d = dd;
        h = dh;
      }
      // Insertion of hyp[j - 1].
      const id = (nextDist[j - 1] as number) + 1;
      const ih = nextHits[j - 1] as number;
      if (id < d || (id === d && ih > h)) {
        d = id;
        h = ih;
      }
      nextDist[j] = d;
      nextHits[j] = h;
    }
    [dist, nextDist] = [nextDist, dist];
    [hits, nextHits] = [nextHits, hits];
  }
  return countsFrom(n, m, dist[m] as number, hits[m] as number);
}

/** Counts from the lengths, the distance and the hits: S = n + m − d − 2H, D = n − H − S, I = m − H − S. */
function countsFrom(n: number, m: number, distance: number, hits: number): EditCounts {
  const substitutions = n + m - distance - 2 * hits;
  return { hits, substitutions, deletions: n - hits - substitutions, insertions: m - hits - substitutions };
}

/** Larger alignments are refused: the full table would need more than ~64 MB. */
const MAX_ALIGNMENT_CELLS = 64_000_000;

/**
 * The operations of the same alignment as editCounts (minimum distance, then most hits), in order.
 * Keeps the whole (|ref| + 1)·(|hyp| + 1) table, so it is meant for diagnostics on moderate sizes:
 * throws RangeError above 64 million cells.
 */
export function editAlignment<T>(ref: readonly T[], hyp: readonly T[]): EditOp<T>[] {
  const n = ref.length;
  const m = hyp.length;
  const w = m + 1;
  if ((n + 1) * w > MAX_ALIGNMENT_CELLS)
    throw new RangeError(`alignment of ${n} × ${m} elements is too large`);
  const dist = new Int32Array((n + 1) * w);
  const hits = new Int32Array((n + 1) * w);
  // 0 = diagonal, 1 = deletion, 2 = insertion.
  const move = new Uint8Array((n + 1) * w);
  for (let j = 1; j <= m; j++) {
    dist[j] = j;
    move[j] = 2;
  }
  for (let i = 1; i <= n; i++) {
    dist[i * w] = i;
    move[i * w] = 1;
    for (let j = 1; j <= m; j++) {
      const same = ref[i - 1] === hyp[j - 1];
      const diag = (i - 1) * w + j - 1;
      let d = (dist[diag] as number) + (same ? 0 : 1);
      let h = (hits[diag] as number) + (same ? 1 : 0);
      let mv = 0;
      const up = (i - 1) * w + j;
      if ((dist[up] as number) + 1 < d || ((dist[up] as number) + 1 === d && (hits[up] as number) > h)) {
        d = (dist[up] as number) + 1;
        h = hits[up] as number;
        mv = 1;
      }
      const left = i * w + j - 1;
      if (
        (dist[left] as number) + 1 < d ||
        ((dist[left] as number) + 1 === d && (hits[left] as number) > h)
      ) {
        d = (dist[left] as number) + 1;
        h = hits[left] as number;
        mv = 2;
      }
      dist[i * w + j] = d;
      hits[i * w + j] = h;
      move[i * w + j] = mv;
    }
  }
  const ops: EditOp<T>[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const mv = move[i * w + j];
    if (mv === 0) {
      const r = ref[i - 1] as T;
      const h = hyp[j - 1] as T;
      ops.push(r === h ? { op: "equal", ref: r, hyp: h } : { op: "substitute", ref: r, hyp: h });
      i--;
      j--;
    } else if (mv === 1) {
      ops.push({ op: "delete", ref: ref[i - 1] as T });
      i--;
    } else {
      ops.push({ op: "insert", hyp: hyp[j - 1] as T });
      j--;
    }
  }
  return ops.reverse();
}

/** The counts of an alignment's operations. */
export function countOps<T>(ops: readonly EditOp<T>[]): EditCounts {
  const c: EditCounts = { hits: 0, substitutions: 0, deletions: 0, insertions: 0 };
  for (const o of ops) {
    if (o.op === "equal") c.hits++;
    else if (o.op === "substitute") c.substitutions++;
    else if (o.op === "delete") c.deletions++;
    else c.insertions++;
  }
  return c;
}
