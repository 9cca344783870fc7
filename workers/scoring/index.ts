// The pure scoring library used by the score-attempt worker: no I/O, no clock, no randomness.
export * from "./boxes.ts";
export * from "./compose.ts";
export * from "./geometry.ts";
export * from "./hungarian.ts";
export * from "./theory.ts";
export * from "./types.ts";

/** Stored with every score version; bump when any scorer's results can change. */
export const SCORER_VERSION = "1.0.0";
