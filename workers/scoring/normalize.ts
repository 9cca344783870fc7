// Text normalisation shared by the transcription and table scorers: width, punctuation, spaces, case.

export interface NormalizeOptions {
  /** Full-width ASCII forms and the ideographic space become ASCII; half-width katakana and hangul become full-width. */
  width: boolean;
  /** Removes punctuation: every Unicode punctuation character (Chinese and ASCII) and the ASCII symbols $+<=>^`|~. */
  punctuation: boolean;
  /** Collapses every run of whitespace into one space and trims both ends. */
  whitespace: boolean;
  /** Lower-cases (locale-independent). */
  caseFold: boolean;
}

/**
 * Characters removed by the punctuation step: Unicode general category P (which covers ，。！？、；：
 * “”‘’（）《》【】…— and ASCII !"#%&'()*,-./:;?@[\]_{}) plus the rest of Python's
 * string.punctuation, the ASCII symbols $ + < = > ^ ` | ~.
 */
const PUNCTUATION = /[\p{P}$+<=>^`|~]/gu;
const WHITESPACE_RUN = /\s+/gu;

/**
 * Full-width forms to their usual width: U+FF01–U+FF5E (！ to ～) become U+0021–U+007E, the
 * ideographic space U+3000 a plain space, and the rest of the Halfwidth and Fullwidth Forms block
 * (half-width katakana and hangul, ｡｢｣､, ￠￡￥…) its NFKC form, so that ｶﾞ becomes ガ. Other
 * compatibility characters (①, ﬁ, ²) are left alone.
 */
export function toNormalWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[\uFF5F-\uFFEF]+/g, (run) => run.normalize("NFKC"));
}

export function removePunctuation(text: string): string {
  return text.replace(PUNCTUATION, "");
}

export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, " ").trim();
}

/**
 * Unicode NFC (always: canonically equivalent texts are the same text), then, each when its option
 * is on and in this order: width, case, punctuation, whitespace. Punctuation goes before whitespace
 * so that "a , b" becomes "a b".
 */
export function normalizeText(text: string, options: NormalizeOptions): string {
  let s = text.normalize("NFC");
  if (options.width) s = toNormalWidth(s);
  if (options.caseFold) s = s.toLowerCase();
  if (options.punctuation) s = removePunctuation(s);
  if (options.whitespace) s = collapseWhitespace(s);
  return s;
}

/** The text's characters as Unicode code points (an emoji or a CJK Extension B character is one). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** Whitespace-separated tokens; no token is empty. */
export function whitespaceTokens(text: string): string[] {
  return text.split(WHITESPACE_RUN).filter((t) => t !== "");
}
