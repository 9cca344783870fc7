// Reads a dataset upload into items with their truth for one task (see import-types.ts).
// Placeholder until the readers are wired: every format is refused with a reason.
import type { ReadDataset } from "./import-types.ts";

export const readDataset: ReadDataset = async (format) => ({
  ok: false,
  items: [],
  rows: [{ where: format, outcome: "refused", problems: [`The ${format} reader is not built yet.`] }],
  labelsAdded: [],
});
