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
  const cost = new Float64Array(n * m);
  for (let i = 0; i < rows; i++) {
    const row = weights[i] as readonly number[];
    for (let j = 0; j < cols; j++) cost[transpose ? j * m + i : i * m + j] = -(row[j] as number);
  }
  const assigned = assignMinCost(n, m, cost);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const j = assigned[i] as number;
    if (j < 0 || -(cost[i * m + j] as number) <= 0) continue;
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

/** Union–find over rows (0..rowCount−1) and columns (rowCount..): each vertex's root. */
function componentRoots(
  rowCount: number,
  colCount: number,
  edges: readonly { row: number; col: number }[],
): Int32Array {
  const parent = new Int32Array(rowCount + colCount);
  for (let k = 0; k < parent.length; k++) parent[k] = k;
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
  for (let k = 0; k < parent.length; k++) parent[k] = find(k);
  return parent;
}

/** Components as index lists: for component c, its rows, cols and edges (ascending). */
interface ComponentLists {
  count: number;
  rowStart: Int32Array;
  rows: Int32Array;
  colStart: Int32Array;
  cols: Int32Array;
  edgeStart: Int32Array;
  edges: Int32Array;
}

/** Groups the vertices with an edge and the edges by component (counting sort, no maps). */
function componentLists(
  rowCount: number,
  colCount: number,
  edges: readonly { row: number; col: number }[],
): ComponentLists {
  const root = componentRoots(rowCount, colCount, edges);
  // Component numbers in order of first edge, so that the output does not depend on anything else.
  const compOfRoot = new Int32Array(rowCount + colCount).fill(-1);
  const edgeComp = new Int32Array(edges.length);
  let count = 0;
  edges.forEach((e, k) => {
    const r = root[e.row] as number;
    if (compOfRoot[r] === -1) compOfRoot[r] = count++;
    edgeComp[k] = compOfRoot[r] as number;
  });
  const bucket = (size: number, compOf: (k: number) => number) => {
    const start = new Int32Array(count + 1);
    for (let k = 0; k < size; k++) {
      const c = compOf(k);
      if (c >= 0) start[c + 1] = (start[c + 1] as number) + 1;
    }
    for (let c = 0; c < count; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const fill = start.slice(0, count);
    const items = new Int32Array(start[count] as number);
    for (let k = 0; k < size; k++) {
      const c = compOf(k);
      if (c < 0) continue;
      items[fill[c] as number] = k;
      fill[c] = (fill[c] as number) + 1;
    }
    return { start, items };
  };
  const rows = bucket(rowCount, (r) => compOfRoot[root[r] as number] as number);
  const cols = bucket(colCount, (c) => compOfRoot[root[rowCount + c] as number] as number);
  const edgeLists = bucket(edges.length, (k) => edgeComp[k] as number);
  return {
    count,
    rowStart: rows.start,
    rows: rows.items,
    colStart: cols.start,
    cols: cols.items,
    edgeStart: edgeLists.start,
    edges: edgeLists.items,
  };
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
  const lists = componentLists(rowCount, colCount, edges);
  const out: Component[] = [];
  for (let c = 0; c < lists.count; c++)
    out.push({
      rows: Array.from(lists.rows.subarray(lists.rowStart[c], lists.rowStart[c + 1])),
      cols: Array.from(lists.cols.subarray(lists.colStart[c], lists.colStart[c + 1])),
      edges: Array.from(lists.edges.subarray(lists.edgeStart[c], lists.edgeStart[c + 1])),
    });
  return out;
}

/**
 * Maximum-weight matching of a sparse bipartite graph: each connected component is solved on its
 * own dense matrix, so many small clusters stay fast (a single pair needs no solver at all).
 * Returns [row, col] pairs sorted by row.
 */
export function maxWeightMatchingSparse(
  rowCount: number,
  colCount: number,
  edges: readonly WeightedEdge[],
): Array<[number, number]> {
  for (const e of edges)
    if (!Number.isFinite(e.weight) || e.weight < 0)
      throw new RangeError(`edge (${e.row}, ${e.col}) has weight ${e.weight}`);
  const lists = componentLists(rowCount, colCount, edges);
  const localRow = new Int32Array(rowCount);
  const localCol = new Int32Array(colCount);
  const pairs: Array<[number, number]> = [];
  for (let c = 0; c < lists.count; c++) {
    const r0 = lists.rowStart[c] as number;
    const r1 = lists.rowStart[c + 1] as number;
    const c0 = lists.colStart[c] as number;
    const c1 = lists.colStart[c + 1] as number;
    const e0 = lists.edgeStart[c] as number;
    const e1 = lists.edgeStart[c + 1] as number;
    if (r1 - r0 === 1 && c1 - c0 === 1) {
      // One row, one column: their (heaviest) edge, if allowed.
      let best = 0;
      for (let k = e0; k < e1; k++)
        best = Math.max(best, (edges[lists.edges[k] as number] as WeightedEdge).weight);
      if (best > 0) pairs.push([lists.rows[r0] as number, lists.cols[c0] as number]);
      continue;
    }
    for (let k = r0; k < r1; k++) localRow[lists.rows[k] as number] = k - r0;
    for (let k = c0; k < c1; k++) localCol[lists.cols[k] as number] = k - c0;
    const matrix: number[][] = [];
    for (let k = r0; k < r1; k++) matrix.push(new Array<number>(c1 - c0).fill(0));
    for (let k = e0; k < e1; k++) {
      const e = edges[lists.edges[k] as number] as WeightedEdge;
      const row = matrix[localRow[e.row] as number] as number[];
      const col = localCol[e.col] as number;
      // Parallel edges: the heavier one counts.
      row[col] = Math.max(row[col] as number, e.weight);
    }
    for (const [r, col] of maxWeightMatching(matrix))
      pairs.push([lists.rows[r0 + r] as number, lists.cols[c0 + col] as number]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}
