// Maximum-weight bipartite matching: Hungarian algorithm (Kuhn–Munkres) and a split into components.

/**
 * A maximum-weight matching of a rows × cols weight matrix (rectangular allowed), in O(n²·m) with
 * n = min(rows, cols). Weights must be finite and ≥ 0; a weight of 0 means "not allowed" and such a
 * pair is never returned. Returns [row, col] pairs sorted by row. Deterministic for a given matrix.
 */
export function maxWeightMatching(weights: readonly (readonly number[])[]): Array<[number, number]> {
  const rows = weights.length;
  const cols = rows === 0 ? 0 : (weights[0]?.length ?? 0);
  for (const [i, row] of weights.entries()) {
    if (row.length !== cols)
      throw new RangeError(`weight matrix row ${i} has ${row.length} columns, not ${cols}`);
    for (const w of row)
      if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight matrix row ${i} has weight ${w}`);
  }
  if (rows === 0 || cols === 0) return [];
  // The assignment below needs n ≤ m: solve the transpose when there are more rows than columns.
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const weight = (i: number, j: number): number => (transpose ? weights[j]?.[i] : weights[i]?.[j]) ?? 0;
  const cost = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost[i * m + j] = -weight(i, j);
  const assigned = assignMinCost(n, m, cost);
  const pairs: Array<[number, number]> = [];
  for (const [i, j] of assigned.entries()) {
    if (weight(i, j) <= 0) continue;
    pairs.push(transpose ? [j, i] : [i, j]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/**
 * Shortest augmenting path Hungarian algorithm with potentials for an n × m cost matrix (row-major),
 * n ≤ m: assigns every row a distinct column at minimum total cost. Returns the column of each row.
 */
function assignMinCost(n: number, m: number, cost: Float64Array): number[] {
  // 1-based: index 0 is the virtual start column / row of each augmentation.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOf = new Int32Array(m + 1); // rowOf[j]: the row assigned to column j, 0 = none
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = (cost[(i0 - 1) * m + j - 1] as number) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      if (j1 === 0) throw new Error("hungarian: no augmenting column (non-finite cost?)");
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = rowOf[j] as number;
          u[r] = (u[r] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      rowOf[j0] = rowOf[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const colOf = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) {
    const r = rowOf[j] as number;
    if (r > 0) colOf[r - 1] = j - 1;
  }
  return colOf;
}

/** An allowed pair of a sparse bipartite graph, with its weight (> 0). */
export interface WeightedEdge {
  row: number;
  col: number;
  weight: number;
}

/** A connected component: its rows and columns (ascending) and the indices of its edges. */
export interface Component {
  rows: number[];
  cols: number[];
  edges: number[];
}

/**
 * Splits a bipartite graph into its connected components (union–find). Vertices without an edge
 * belong to no component: they can never be matched.
 */
export function connectedComponents(
  rowCount: number,
  colCount: number,
  edges: readonly { row: number; col: number }[],
): Component[] {
  // Vertices 0..rowCount-1 are rows, rowCount.. are columns.
  const parent = Array.from({ length: rowCount + colCount }, (_, k) => k);
  const find = (k: number): number => {
    let root = k;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[k] !== root) {
      const next = parent[k] as number;
      parent[k] = root;
      k = next;
    }
    return root;
  };
  for (const e of edges) {
    if (!(e.row >= 0 && e.row < rowCount && e.col >= 0 && e.col < colCount))
      throw new RangeError(`edge (${e.row}, ${e.col}) is outside a ${rowCount} × ${colCount} graph`);
    const a = find(e.row);
    const b = find(rowCount + e.col);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const byRoot = new Map<number, Component>();
  edges.forEach((e, k) => {
    const root = find(e.row);
    let c = byRoot.get(root);
    if (!c) {
      c = { rows: [], cols: [], edges: [] };
      byRoot.set(root, c);
    }
    c.edges.push(k);
  });
  for (let r = 0; r < rowCount; r++) byRoot.get(find(r))?.rows.push(r);
  for (let c = 0; c < colCount; c++) byRoot.get(find(rowCount + c))?.cols.push(c);
  return [...byRoot.values()];
}

/**
 * Maximum-weight matching of a sparse bipartite graph: each connected component is solved on its
 * own dense matrix, so many small clusters stay fast. Returns [row, col] pairs sorted by row.
 */
export function maxWeightMatchingSparse(
  rowCount: number,
  colCount: number,
  edges: readonly WeightedEdge[],
): Array<[number, number]> {
  for (const e of edges)
    if (!Number.isFinite(e.weight) || e.weight < 0)
      throw new RangeError(`edge (${e.row}, ${e.col}) has weight ${e.weight}`);
  const pairs: Array<[number, number]> = [];
  for (const comp of connectedComponents(rowCount, colCount, edges)) {
    const localRow = new Map(comp.rows.map((r, k) => [r, k]));
    const localCol = new Map(comp.cols.map((c, k) => [c, k]));
    const matrix = comp.rows.map(() => new Array<number>(comp.cols.length).fill(0));
    for (const k of comp.edges) {
      const e = edges[k] as WeightedEdge;
      const row = matrix[localRow.get(e.row) as number] as number[];
      const col = localCol.get(e.col) as number;
      // Parallel edges: the heavier one counts.
      row[col] = Math.max(row[col] as number, e.weight);
    }
    for (const [r, c] of maxWeightMatching(matrix))
      pairs.push([comp.rows[r] as number, comp.cols[c] as number]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}
