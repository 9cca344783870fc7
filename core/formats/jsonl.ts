// JSON Lines export: one image per line with its shapes in LabelArena's own answer form (pixels,
// label names), for scripts and for reading back without loss.
import type { Dataset } from "./dataset.ts";

export function toJsonl(ds: Dataset): string {
  return ds.images.map((img) => JSON.stringify(img)).join("\n") + (ds.images.length ? "\n" : "");
}
