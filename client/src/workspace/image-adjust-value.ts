// Brightness and contrast of an image on screen, in percent (100 = unchanged). Never part of a
// document: a view setting, as zoom is.

export interface Adjust {
  /** 100 = as the image is. */
  brightness: number;
  /** 100 = as the image is. */
  contrast: number;
}

export const DEFAULT_ADJUST: Adjust = Object.freeze({ brightness: 100, contrast: 100 });

export const ADJUST_MIN = 20;
export const ADJUST_MAX = 300;
export const ADJUST_STEP = 5;

export const isDefaultAdjust = (a: Adjust) => a.brightness === 100 && a.contrast === 100;

/** Keeps a value in range, whole percent. */
export const clampAdjust = (v: number) =>
  Number.isFinite(v) ? Math.round(Math.min(ADJUST_MAX, Math.max(ADJUST_MIN, v))) : 100;

/**
 * The CSS filter for `a` ("none" when unchanged): for an <img> style, or a canvas 2D context's
 * `filter` (Konva: set it on the image layer's context, or use Konva.Filters.Brighten/Contrast).
 */
export function adjustFilter(a: Adjust): string {
  if (isDefaultAdjust(a)) return "none";
  return `brightness(${a.brightness / 100}) contrast(${a.contrast / 100})`;
}

/** A stored adjust value read back (from taskState, localStorage…); anything else is the default. */
export function readAdjust(v: unknown): Adjust {
  if (typeof v !== "object" || v === null) return DEFAULT_ADJUST;
  const { brightness, contrast } = v as Record<string, unknown>;
  if (typeof brightness !== "number" || typeof contrast !== "number") return DEFAULT_ADJUST;
  return { brightness: clampAdjust(brightness), contrast: clampAdjust(contrast) };
}
