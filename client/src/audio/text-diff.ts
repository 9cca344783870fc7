// Text diffs: one replaced range of a string, the unit of the transcript's undo history.

/** At `at`, `removed` was replaced by `inserted`. */
export interface TextDiff {
  at: number;
  removed: string;
  inserted: string;
}

/**
 * The single range that turns `before` into `after`: the common prefix and suffix are kept, the
 * middle is replaced. Linear in the text's length (at most 20,000 characters).
 */
export function diffText(before: string, after: string): TextDiff | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  )
    end++;
  // Never split a surrogate pair (an emoji, a rare CJK character): widen the range over it.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return {
    at: start,
    removed: before.slice(start, before.length - end),
    inserted: after.slice(start, after.length - end),
  };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function applyTextDiff(text: string, d: TextDiff): string {
  if (text.slice(d.at, d.at + d.removed.length) !== d.removed)
    throw new Error(`The diff does not apply: expected ${JSON.stringify(d.removed)} at ${d.at}`);
  return text.slice(0, d.at) + d.inserted + text.slice(d.at + d.removed.length);
}

export function invertTextDiff(d: TextDiff): TextDiff {
  return { at: d.at, removed: d.inserted, inserted: d.removed };
}
