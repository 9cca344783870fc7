// Scores transcriptions: CER, WER, MER and WIL as jiwer defines them, after switchable normalisation.
import { countOps, type EditCounts, editAlignment, editCounts } from "./edit-distance.ts";
import { codePoints, type NormalizeOptions, normalizeText, whitespaceTokens } from "./normalize.ts";
import type { ItemScore } from "./types.ts";

export interface TranscriptionOptions extends NormalizeOptions {
  /** CER over the characters other than whitespace (for unsegmented text such as Chinese). */
  cerIgnoreSpace: boolean;
}

/**
 * Width, punctuation and whitespace are normalised by default (DESIGN.md); case is kept unless
 * asked for. CER counts spaces as characters, as jiwer's cer does.
 */
export const DEFAULT_TRANSCRIPTION_OPTIONS: TranscriptionOptions = {
  width: true,
  punctuation: true,
  whitespace: true,
  caseFold: false,
  cerIgnoreSpace: false,
};

/** jiwer's measures from pooled counts. */
export interface ErrorRates extends EditCounts {
  /** (S + D + I) / (H + S + D); with an empty reference, the number of insertions (jiwer ≥ 4). */
  rate: number;
  /** (S + D + I) / (H + S + D + I); 0 when both sides are empty. */
  mer: number;
  /** H / (H + S + D) × H / (H + S + I); 1 when both sides are empty, 0 when only one is. */
  wip: number;
  /** 1 − wip. */
  wil: number;
}

/**
 * jiwer's definitions (Morris et al., "From WER and RIL to MER and WIL", 2004), including jiwer
 * 4's rules for an empty reference: wer("", "") = 0, wer("", "a b") = 2 (every hypothesis word an
 * insertion), mer("", "") = 0, wip("", "") = 1.
 */
export function errorRates(c: EditCounts): ErrorRates {
  const { hits: h, substitutions: s, deletions: d, insertions: i } = c;
  const refLength = h + s + d;
  const hypLength = h + s + i;
  const errors = s + d + i;
  const rate = refLength === 0 ? i : errors / refLength;
  const mer = refLength + i === 0 ? 0 : errors / (refLength + i);
  const wip =
    refLength === 0 && hypLength === 0
      ? 1
      : refLength === 0 || hypLength === 0
        ? 0
        : (h / refLength) * (h / hypLength);
  return { ...c, rate, mer, wip, wil: 1 - wip };
}

export function addCounts(a: EditCounts, b: EditCounts): EditCounts {
  return {
    hits: a.hits + b.hits,
    substitutions: a.substitutions + b.substitutions,
    deletions: a.deletions + b.deletions,
    insertions: a.insertions + b.insertions,
  };
}

export const ZERO_COUNTS: EditCounts = { hits: 0, substitutions: 0, deletions: 0, insertions: 0 };

/**
 * A text after normalisation, as the words and the characters that WER and CER align: words are
 * whitespace-separated tokens (so unsegmented Chinese or Japanese is one word per run and its WER
 * says little: score such text by CER, which the item score is), characters are Unicode code points,
 * spaces included unless cerIgnoreSpace.
 */
export function transcriptionUnits(
  text: string,
  options: TranscriptionOptions,
): { words: string[]; chars: string[] } {
  const normal = normalizeText(text, options);
  const words = whitespaceTokens(normal);
  // jiwer's cer strips the ends even when inner whitespace is kept.
  const forChars = options.cerIgnoreSpace ? normal.replace(/\s+/gu, "") : normal.trim();
  return { words, chars: codePoints(forChars) };
}

/** Word and character counts of one reference / hypothesis pair. */
export function transcriptionCounts(
  reference: string,
  hypothesis: string,
  options: TranscriptionOptions = DEFAULT_TRANSCRIPTION_OPTIONS,
): { words: EditCounts; chars: EditCounts } {
  const r = transcriptionUnits(reference, options);
  const h = transcriptionUnits(hypothesis, options);
  return { words: editCounts(r.words, h.words), chars: editCounts(r.chars, h.chars) };
}

export interface TranscriptionMeasures {
  wer: number;
  mer: number;
  wil: number;
  wip: number;
  cer: number;
  words: EditCounts;
  chars: EditCounts;
}

/**
 * jiwer's measures over several pairs, as jiwer does for lists: each pair is aligned on its own and
 * the counts are pooled, so WER = all word errors / all reference words.
 */
export function transcriptionMeasures(
  references: readonly string[],
  hypotheses: readonly string[],
  options: TranscriptionOptions = DEFAULT_TRANSCRIPTION_OPTIONS,
): TranscriptionMeasures {
  if (references.length !== hypotheses.length)
    throw new RangeError(`${references.length} references but ${hypotheses.length} hypotheses`);
  let words = ZERO_COUNTS;
  let chars = ZERO_COUNTS;
  references.forEach((ref, k) => {
    const c = transcriptionCounts(ref, hypotheses[k] as string, options);
    words = addCounts(words, c.words);
    chars = addCounts(chars, c.chars);
  });
  return measuresOf(words, chars);
}

export function measuresOf(words: EditCounts, chars: EditCounts): TranscriptionMeasures {
  const w = errorRates(words);
  return { wer: w.rate, mer: w.mer, wil: w.wil, wip: w.wip, cer: errorRates(chars).rate, words, chars };
}

export interface TranscriptionItemScore extends ItemScore {
  cer: number;
  wer: number;
  mer: number;
  wil: number;
  /** Character counts of the alignment behind the CER. */
  chars: EditCounts;
  /** Word counts of the alignment behind the WER. */
  words: EditCounts;
}

/**
 * One item: score = max(0, 1 − CER). tp / fp / fn count characters: tp = hits, fp = answer
 * characters that are wrong (substituted or inserted), fn = truth characters not transcribed
 * (substituted or deleted). No matches.
 */
export function scoreTranscriptionItem(
  id: string,
  truth: string,
  answer: string,
  options: TranscriptionOptions = DEFAULT_TRANSCRIPTION_OPTIONS,
): TranscriptionItemScore {
  const { words, chars } = transcriptionCounts(truth, answer, options);
  const m = measuresOf(words, chars);
  return {
    id,
    score: Math.max(0, 1 - m.cer),
    tp: chars.hits,
    fp: chars.substitutions + chars.insertions,
    fn: chars.substitutions + chars.deletions,
    matches: [],
    cer: m.cer,
    wer: m.wer,
    mer: m.mer,
    wil: m.wil,
    chars,
    words,
  };
}

export interface WordErrorCounts {
  /** "ref->hyp" → how often ref was substituted by hyp. */
  substitutions: Record<string, number>;
  insertions: Record<string, number>;
  deletions: Record<string, number>;
}

/** Which words were substituted, inserted or deleted over several pairs (jiwer's collect_error_counts). */
export function wordErrorCounts(
  references: readonly string[],
  hypotheses: readonly string[],
  options: TranscriptionOptions = DEFAULT_TRANSCRIPTION_OPTIONS,
): WordErrorCounts & { counts: EditCounts } {
  const subs = new Map<string, number>();
  const ins = new Map<string, number>();
  const dels = new Map<string, number>();
  const bump = (table: Map<string, number>, key: string) => table.set(key, (table.get(key) ?? 0) + 1);
  let counts = ZERO_COUNTS;
  references.forEach((ref, k) => {
    const ops = editAlignment(
      transcriptionUnits(ref, options).words,
      transcriptionUnits(hypotheses[k] ?? "", options).words,
    );
    counts = addCounts(counts, countOps(ops));
    for (const o of ops) {
      if (o.op === "substitute") bump(subs, `${o.ref}->${o.hyp}`);
      else if (o.op === "insert") bump(ins, o.hyp);
      else if (o.op === "delete") bump(dels, o.ref);
    }
  });
  // Object.fromEntries defines own properties, so a word such as "__proto__" stays a plain key.
  const out: WordErrorCounts = {
    substitutions: Object.fromEntries(subs),
    insertions: Object.fromEntries(ins),
    deletions: Object.fromEntries(dels),
  };
  return { ...out, counts };
}
