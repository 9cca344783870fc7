// Offsets in the item's text: the DOM and JavaScript strings count UTF-16 units, answers count
// Unicode code points (an emoji is one character to the scorer, two units to the browser).

export interface CodePointRange {
  /** First code point of the range. */
  start: number;
  /** One past the last code point. */
  end: number;
}

const isHighSurrogate = (u: number) => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number) => u >= 0xdc00 && u <= 0xdfff;

/** The text as code points, one string each (what the workspace renders one element per). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/**
 * The code-point offset of UTF-16 offset `unit`. An offset that falls inside a surrogate pair (the
 * browser can report one) goes to the start of that character with "down", past it with "up", so a
 * range never cuts an emoji in two. Offsets outside the text are clamped.
 */
export function unitToCodePoint(text: string, unit: number, round: "down" | "up" = "down"): number {
  const u = Math.max(0, Math.min(Math.trunc(unit), text.length));
  let cp = 0;
  let i = 0;
  while (i < u) {
    const pair = isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1));
    if (pair && i + 1 === u) return round === "up" ? cp + 1 : cp;
    i += pair ? 2 : 1;
    cp += 1;
  }
  return cp;
}

/** The UTF-16 offset of code-point offset `cp` (clamped to the text). */
export function codePointToUnit(text: string, cp: number): number {
  let unit = 0;
  let n = 0;
  for (const ch of text) {
    if (n >= cp) break;
    unit += ch.length;
    n += 1;
  }
  return unit;
}

/** The text of a code-point range. */
export function sliceCodePoints(text: string, range: CodePointRange): string {
  return text.slice(codePointToUnit(text, range.start), codePointToUnit(text, range.end));
}

/**
 * The code-point range between two UTF-16 offsets of a selection, in either order (a selection made
 * right to left has its anchor after its focus). Null when nothing is selected.
 */
export function unitsToRange(text: string, anchor: number, focus: number): CodePointRange | null {
  const lo = Math.min(anchor, focus);
  const hi = Math.max(anchor, focus);
  const start = unitToCodePoint(text, lo, "down");
  const end = unitToCodePoint(text, hi, "up");
  return end > start ? { start, end } : null;
}

/**
 * The range without the white space at its edges (a mouse selection often takes the space after a
 * word, or a line break). Null when only white space was selected.
 */
export function snapRange(text: string, range: CodePointRange): CodePointRange | null {
  const chars = codePoints(text);
  let start = Math.max(0, Math.min(range.start, chars.length));
  let end = Math.max(start, Math.min(range.end, chars.length));
  while (start < end && /\s/u.test(chars[start] ?? "")) start += 1;
  while (end > start && /\s/u.test(chars[end - 1] ?? "")) end -= 1;
  return end > start ? { start, end } : null;
}

/** A selection between two UTF-16 offsets, as the span it would make: ordered, whole characters, trimmed. */
export function selectionToSpanRange(text: string, anchor: number, focus: number): CodePointRange | null {
  const range = unitsToRange(text, anchor, focus);
  return range && snapRange(text, range);
}
