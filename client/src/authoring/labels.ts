// A task's label set as the editor changes it: ids made from names (ASCII letters, digits, '_' and
// '-', unique in the set), a colour for each new label, and the set's problems (protocol labelDefSchema).
import { type LabelDef, labelDefSchema } from "../../../protocol/authoring.ts";

export const LABEL_COLORS = [
  "#e4572e",
  "#17bebb",
  "#ffc914",
  "#2e86ab",
  "#76b041",
  "#a23b72",
  "#f18f01",
  "#5f0f40",
  "#3d5a80",
  "#9a031e",
] as const;

/** An id for a label named `name`: its ASCII letters and digits, else "label"; unique among `taken`. */
export function labelIdFrom(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 34) || "label";
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The first palette colour no label has yet (cycling when all are used). */
export function nextLabelColor(labels: readonly LabelDef[]): string {
  const used = new Set(labels.map((l) => l.color.toLowerCase()));
  return (
    LABEL_COLORS.find((c) => !used.has(c)) ?? LABEL_COLORS[labels.length % LABEL_COLORS.length] ?? "#64748b"
  );
}

/** Problems of the set by row ("0.id", "2.name") and under "" for the set; null when it is valid. */
export function labelProblems(labels: readonly LabelDef[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  const seen = new Map<string, number>();
  labels.forEach((l, i) => {
    const r = labelDefSchema.safeParse(l);
    if (!r.success)
      for (const issue of r.error.issues) {
        const key = `${i}.${String(issue.path[0] ?? "")}`;
        if (!(key in out)) out[key] = issue.message;
      }
    const j = seen.get(l.id);
    if (j !== undefined) out[`${i}.id`] ??= `duplicate id (label ${j + 1})`;
    else seen.set(l.id, i);
  });
  if (labels.length > 100) out[""] = "At most 100 labels.";
  return Object.keys(out).length ? out : null;
}
