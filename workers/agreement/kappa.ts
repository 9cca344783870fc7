// Chance-corrected agreement between annotators: Cohen's kappa (scikit-learn's cohen_kappa_score
// conventions) and Fleiss' kappa (statsmodels' fleiss_kappa). Pure: no I/O.

/** A category as annotators give it. Within one call all labels are numbers or all are strings. */
export type KappaLabel = string | number;

/**
 * Disagreement weights: "linear" |i − j|, "quadratic" (i − j)², where i, j are the positions of
 * the labels in the label order (not their values), as scikit-learn does; or a square matrix of
 * disagreement weights (≥ 0, 0 on the diagonal expected), e.g. from toeplitzWeights.
 */
export type KappaWeights = "linear" | "quadratic" | readonly (readonly number[])[];

/** Inputs that cannot give a kappa: unequal lengths, mixed label types, a ragged table, … */
export class AgreementInputError extends Error {
  override name = "AgreementInputError";
}

export interface CohenOptions {
  /** Disagreement weights; unweighted (0 on the diagonal, 1 elsewhere) when absent. */
  weights?: KappaWeights;
  /**
   * The labels to index the confusion matrix, in this order (the order weighted kappa uses).
   * Pairs where either annotator gave a label not in the list are left out, as scikit-learn does.
   * Default: every label either annotator used, sorted (numbers by value, strings by code point).
   */
  labels?: readonly KappaLabel[];
  /**
   * Returned when kappa is undefined (0/0: the expected disagreement is 0, i.e. both annotators
   * used one and the same label for every item, or no pair is left). Default NaN, which is what
   * scikit-learn returns: released versions compute 0/0 in numpy (NaN with a RuntimeWarning); its
   * development documentation adds the same option as replace_undefined_by, default np.nan.
   */
  replaceUndefinedBy?: number;
}

/** Code-point order of two strings (numpy's order for unicode arrays), not UTF-16 unit order. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let k = 0; k < Math.min(x.length, y.length); k++)
    if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
  return x.length - y.length;
}

/**
 * The distinct labels of the lists, sorted as numpy's unique sorts them: numbers ascending,
 * strings by code point. Mixed numbers and strings are refused (scikit-learn refuses them too).
 */
export function uniqueLabels(...lists: readonly (readonly KappaLabel[])[]): KappaLabel[] {
  const seen = new Set<KappaLabel>();
  for (const list of lists) for (const x of list) seen.add(checkedLabel(x));
  const all = [...seen];
  const numbers = all.filter((x) => typeof x === "number");
  if (numbers.length > 0 && numbers.length < all.length)
    throw new AgreementInputError("mix of label types (numbers and strings)");
  if (numbers.length === all.length) return (numbers as number[]).sort((a, b) => a - b);
  return (all as string[]).sort(compareCodePoints);
}

function checkedLabel(x: unknown): KappaLabel {
  if (typeof x === "string") return x;
  if (typeof x === "number" && Number.isFinite(x)) return x;
  throw new AgreementInputError(`label ${JSON.stringify(x)} is not a string or a finite number`);
}

/**
 * scikit-learn's confusion_matrix(y1, y2, labels): matrix[i][j] = the number of positions where
 * y1 has labels[i] and y2 has labels[j]. With `labels`, positions where either side has another
 * label are left out, and at least one of the labels must occur in y1.
 */
export function confusionMatrix(
  y1: readonly KappaLabel[],
  y2: readonly KappaLabel[],
  labels?: readonly KappaLabel[],
): { labels: KappaLabel[]; matrix: number[][] } {
  if (y1.length !== y2.length)
    throw new AgreementInputError(`the annotators rated ${y1.length} and ${y2.length} items`);
  let order: KappaLabel[];
  if (labels === undefined) order = uniqueLabels(y1, y2);
  else {
    order = labels.map(checkedLabel);
    if (order.length === 0) throw new AgreementInputError("labels must hold at least one label");
    if (new Set(order).size !== order.length) throw new AgreementInputError("labels repeat a label");
    uniqueLabels(order, y1, y2); // refuses mixed types
    const present = new Set(y1);
    if (!order.some((l) => present.has(l)))
      throw new AgreementInputError(
        "at least one label in labels must be present in the first annotator's labels",
      );
  }
  const index = new Map<KappaLabel, number>(order.map((l, k) => [l, k]));
  const matrix = order.map(() => new Array<number>(order.length).fill(0));
  for (let k = 0; k < y1.length; k++) {
    const i = index.get(checkedLabel(y1[k]));
    const j = index.get(checkedLabel(y2[k]));
    if (i === undefined || j === undefined) continue;
    const row = matrix[i] as number[];
    row[j] = (row[j] as number) + 1;
  }
  return { labels: order, matrix };
}

/** The disagreement weight matrix of an n × n table, as scikit-learn builds it. */
export function weightMatrix(n: number, weights?: KappaWeights): number[][] {
  if (weights === undefined)
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : 1)));
  if (weights === "linear" || weights === "quadratic") {
    const power = weights === "linear" ? 1 : 2;
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => Math.abs(i - j) ** power));
  }
  if (!Array.isArray(weights))
    throw new AgreementInputError(`unknown weights ${JSON.stringify(weights)}: use linear or quadratic`);
  if (weights.length !== n || weights.some((row) => row.length !== n))
    throw new AgreementInputError(`the weight matrix must be ${n} × ${n}`);
  for (const row of weights)
    for (const w of row)
      if (!(Number.isFinite(w) && w >= 0))
        throw new AgreementInputError(`weight ${w} is not a finite number ≥ 0`);
  return weights.map((row) => [...row]);
}

/**
 * The symmetric Toeplitz matrix of a distance vector: w[i][j] = v[|i − j|] (statsmodels'
 * cohens_kappa with wt="toeplitz"; R irr's kappa2 with a weight vector).
 */
export function toeplitzWeights(v: readonly number[]): number[][] {
  return v.map((_, i) => v.map((_, j) => v[Math.abs(i - j)] as number));
}

/**
 * Cohen's kappa of a confusion matrix (rows: annotator 1, columns: annotator 2), computed as
 * scikit-learn does: expected = outer(column sums, row sums) / n, kappa = 1 − Σ w·observed /
 * Σ w·expected. Undefined (0/0) gives `replaceUndefinedBy` (default NaN).
 */
export function kappaFromConfusion(
  matrix: readonly (readonly number[])[],
  weights?: KappaWeights,
  replaceUndefinedBy = Number.NaN,
): number {
  const n = matrix.length;
  for (const row of matrix) {
    if (row.length !== n) throw new AgreementInputError("the confusion matrix is not square");
    for (const c of row)
      if (!(Number.isFinite(c) && c >= 0))
        throw new AgreementInputError(`count ${c} is not a finite number ≥ 0`);
  }
  const w = weightMatrix(n, weights);
  const sum0 = Array.from({ length: n }, (_, j) => matrix.reduce((s, row) => s + (row[j] as number), 0));
  const sum1 = matrix.map((row) => row.reduce((s, c) => s + c, 0));
  const total = sum0.reduce((s, c) => s + c, 0);
  if (total === 0) return replaceUndefinedBy;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number[];
    const mi = matrix[i] as readonly number[];
    for (let j = 0; j < n; j++) {
      observed += (wi[j] as number) * (mi[j] as number);
      expected += (wi[j] as number) * (((sum0[i] as number) * (sum1[j] as number)) / total);
    }
  }
  if (expected === 0) return replaceUndefinedBy;
  return 1 - observed / expected;
}

/**
 * Cohen's kappa between two annotators' labels (position k = the same item), as scikit-learn's
 * cohen_kappa_score(y1, y2, labels=, weights=): symmetric; labels not in `labels` are ignored;
 * weighted kappa uses the label positions 0, 1, 2, … of the sorted (or given) label order.
 */
export function cohensKappa(
  y1: readonly KappaLabel[],
  y2: readonly KappaLabel[],
  options: CohenOptions = {},
): number {
  const { matrix } = confusionMatrix(y1, y2, options.labels);
  return kappaFromConfusion(matrix, options.weights, options.replaceUndefinedBy ?? Number.NaN);
}

export type FleissMethod = "fleiss" | "randolph";

export interface FleissResult {
  kappa: number;
  /** P̄: the mean over items of the share of agreeing rater pairs. */
  observed: number;
  /** P̄e: Σ p_j² (fleiss) or 1 / categories (randolph). */
  expected: number;
  /** P_i per item: (Σ_j n_ij² − n) / (n (n − 1)), the share of agreeing rater pairs. */
  itemAgreement: number[];
  /** p_j per category: its share of all ratings. */
  categoryShares: number[];
  /** Raters per item (n). */
  raters: number;
}

/**
 * Fleiss' kappa of an items × categories count table (table[i][j] = raters who put item i in
 * category j), as statsmodels' fleiss_kappa(table, method): every item must have the same number
 * n ≥ 2 of ratings (statsmodels asserts it). method "randolph" (statsmodels also accepts "rand…"
 * and "unif…") takes P̄e = 1 / categories: Randolph's free-marginal multirater kappa.
 * Undefined (P̄e = 1: every rating in one category) gives `replaceUndefinedBy`, default NaN as
 * numpy's 0/0 in statsmodels.
 */
export function fleissKappaDetails(
  table: readonly (readonly number[])[],
  options: { method?: FleissMethod; replaceUndefinedBy?: number } = {},
): FleissResult {
  const method = options.method ?? "fleiss";
  if (method !== "fleiss" && method !== "randolph")
    throw new AgreementInputError(`unknown method ${JSON.stringify(method)}: use fleiss or randolph`);
  const items = table.length;
  if (items === 0) throw new AgreementInputError("the table has no items");
  const categories = (table[0] as readonly number[]).length;
  if (categories === 0) throw new AgreementInputError("the table has no categories");
  const rowSums: number[] = [];
  table.forEach((row, i) => {
    if (row.length !== categories)
      throw new AgreementInputError(`item ${i} has ${row.length} categories, not ${categories}`);
    for (const c of row)
      if (!(Number.isFinite(c) && c >= 0))
        throw new AgreementInputError(`item ${i}: count ${c} is not a finite number ≥ 0`);
    rowSums.push(row.reduce((s, c) => s + c, 0));
  });
  const n = Math.max(...rowSums);
  rowSums.forEach((s, i) => {
    if (s !== n)
      throw new AgreementInputError(`item ${i} has ${s} ratings, not ${n}: every item needs as many`);
  });
  if (n < 2) throw new AgreementInputError(`each item needs at least 2 ratings, not ${n}`);
  const total = n * items;
  const categoryShares = Array.from(
    { length: categories },
    (_, j) => table.reduce((s, row) => s + (row[j] as number), 0) / total,
  );
  const itemAgreement = table.map((row) => (row.reduce((s, c) => s + c * c, 0) - n) / (n * (n - 1)));
  const observed = itemAgreement.reduce((s, p) => s + p, 0) / items;
  const expected = method === "fleiss" ? categoryShares.reduce((s, p) => s + p * p, 0) : 1 / categories;
  const kappa =
    1 - expected === 0 ? (options.replaceUndefinedBy ?? Number.NaN) : (observed - expected) / (1 - expected);
  return { kappa, observed, expected, itemAgreement, categoryShares, raters: n };
}

/** Fleiss' kappa of an items × categories count table (see fleissKappaDetails). */
export function fleissKappa(
  table: readonly (readonly number[])[],
  options: { method?: FleissMethod; replaceUndefinedBy?: number } = {},
): number {
  return fleissKappaDetails(table, options).kappa;
}

/**
 * statsmodels' aggregate_raters: an items × raters table of labels to an items × categories
 * count table, the categories being every label used, sorted as uniqueLabels sorts them (or
 * `categories` when given; a label outside them is refused).
 */
export function aggregateRaters(
  ratings: readonly (readonly KappaLabel[])[],
  categories?: readonly KappaLabel[],
): { table: number[][]; categories: KappaLabel[] } {
  const cats = categories === undefined ? uniqueLabels(...ratings) : categories.map(checkedLabel);
  const index = new Map<KappaLabel, number>(cats.map((c, k) => [c, k]));
  const table = ratings.map((row, i) => {
    const counts = new Array<number>(cats.length).fill(0);
    for (const label of row) {
      const k = index.get(checkedLabel(label));
      if (k === undefined)
        throw new AgreementInputError(`item ${i}: label ${JSON.stringify(label)} is not a category`);
      counts[k] = (counts[k] as number) + 1;
    }
    return counts;
  });
  return { table, categories: cats };
}
