// Label colours on the canvas: a task label's colour with transparency for box fills.

const FALLBACK = "#64748b";

/** "#e4572e" → "rgba(228, 87, 46, 0.1)"; anything unreadable falls back to a neutral grey. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color.trim());
  let hex = m?.[1] ?? FALLBACK.slice(1);
  if (hex.length === 3)
    hex = hex
      .split("")
      .map((c) => c + c)
      .join("");
  const n = Number.parseInt(hex, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function labelColor(labels: readonly { id: string; color: string }[], id: string | null): string {
  return labels.find((l) => l.id === id)?.color ?? FALLBACK;
}

/** Colour and display name of each label id, looked up once per drawn batch instead of once per shape. */
export interface LabelPalette {
  colorOf(labelId: string): string;
  nameOf(labelId: string): string;
}

export function labelPalette(labels: readonly { id: string; name: string; color: string }[]): LabelPalette {
  const byId = new Map(labels.map((l) => [l.id, l]));
  return {
    colorOf: (id) => byId.get(id)?.color ?? FALLBACK,
    nameOf: (id) => byId.get(id)?.name ?? id,
  };
}
