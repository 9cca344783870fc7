// Agreement between reference annotators before an exam: Cohen's and Fleiss' kappa, and per-item
// agreement for every task kind (docs/AGREEMENT.md). Pure: no I/O, no clock, no randomness.
export * from "./agreement.ts";
export * from "./kappa.ts";
