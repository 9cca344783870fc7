// Scores IOB/BIO token tags (CoNLL files) by chunk F1, in conlleval's default mode or seqeval's strict IOB2 mode.
import {
  addTallies,
  type IndexedSpan,
  itemFromPairs,
  type LabelTally,
  matchExactSpans,
  type SpansItemScore,
} from "./spans.ts";
import { ScoringInputError } from "./types.ts";

/**
 * - default: conlleval's chunking, as seqeval's default `get_entities`: IOB1 and IOB2 mixed (and
 *   IOBES): an I-X after O or after another type starts a chunk, B-X always starts one.
 * - strict: seqeval's mode="strict" with scheme IOB2: a chunk is B-X followed by I-X of the same
 *   type; an I-X without a preceding B-X / I-X of its type belongs to no chunk; E- and S- tags are
 *   refused.
 */
export type IobMode = "default" | "strict";

export interface ConllToken {
  word: string;
  tag: string;
  /** 1-based line in the file. */
  line: number;
}

export interface IobOptions {
  mode: IobMode;
  /** When given, every chunk type of the truth and of the answer must be one of these. */
  labels?: ReadonlySet<string>;
}

export const DEFAULT_IOB_OPTIONS: IobOptions = { mode: "default" };

/** A chunk over token positions [start, end) of one sentence. */
export interface Chunk {
  label: string;
  start: number;
  end: number;
}

/**
 * Parses a CoNLL file: one token per line, fields separated by spaces or tabs, the word first and
 * the tag in column tagColumn (negative counts from the end: -1 is the last field, as conlleval
 * reads it); a blank line ends a sentence. A line whose first field is -DOCSTART- ends a sentence
 * and is not a token. A line with fewer than two fields is refused.
 */
export function parseConll(text: string, side: string, tagColumn = -1): ConllToken[][] {
  const sentences: ConllToken[][] = [];
  let current: ConllToken[] = [];
  const flush = () => {
    if (current.length > 0) sentences.push(current);
    current = [];
  };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, k) => {
    const fields = raw.trim().split(/[ \t]+/);
    const word = fields[0] ?? "";
    if (word === "" || word === "-DOCSTART-") {
      flush();
      return;
    }
    const tag = fields.at(tagColumn);
    if (fields.length < 2 || tag === undefined)
      throw new ScoringInputError(
        `${side} line ${k + 1}: needs a token and a tag, has ${JSON.stringify(raw)}`,
      );
    current.push({ word, tag, line: k + 1 });
  });
  flush();
  return sentences;
}

const TAG = /^(?:O|[BIES]-.+)$/;
const STRICT_TAG = /^(?:O|[BI]-.+)$/;

/** seqeval's get_entities (default mode): chunks of one sentence, in order. Tags must be valid. */
export function chunksDefault(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let prevTag = "O";
  let prevType = "";
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const chunk = i < tags.length ? (tags[i] as string) : "O";
    const tag = chunk.charAt(0);
    const type = chunk.length > 2 ? chunk.slice(2) : "_";
    if (endOfChunk(prevTag, tag, prevType, type)) chunks.push({ label: prevType, start: begin, end: i });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return chunks;
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === "E" || prevTag === "S") return true;
  if ((prevTag === "B" || prevTag === "I") && (tag === "B" || tag === "S" || tag === "O")) return true;
  return prevTag !== "O" && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === "B" || tag === "S") return true;
  if ((prevTag === "E" || prevTag === "S" || prevTag === "O") && (tag === "E" || tag === "I")) return true;
  return tag !== "O" && prevType !== type;
}

/** seqeval's strict IOB2 entities of one sentence: B-X (I-X)*. Tags must be valid IOB2. */
export function chunksStrict(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < tags.length) {
    const tag = tags[i] as string;
    if (tag.startsWith("B-")) {
      const label = tag.slice(2);
      let j = i + 1;
      while (j < tags.length && tags[j] === `I-${label}`) j++;
      chunks.push({ label, start: i, end: j });
      i = j;
    } else i++;
  }
  return chunks;
}

/** Token counts as seqeval's performance_measure: TP, FP, FN, TN over all tokens (not chunks). */
export function tokenPerformance(
  truth: readonly (readonly string[])[],
  answer: readonly (readonly string[])[],
): { TP: number; FP: number; FN: number; TN: number } {
  const r = { TP: 0, FP: 0, FN: 0, TN: 0 };
  truth.forEach((sentence, s) => {
    sentence.forEach((t, k) => {
      const p = answer[s]?.[k] ?? "O";
      if (t === p && (t !== "O" || p !== "O")) r.TP++;
      if (t !== p && p !== "O") r.FP++;
      if (t !== "O" && p === "O") r.FN++;
      if (t === "O" && p === "O") r.TN++;
    });
  });
  return r;
}

export interface ConllScore {
  /** One item per sentence, id "1", "2", … in file order. */
  items: SpansItemScore[];
  tokens: number;
  /** Share of tokens whose answer tag equals the truth tag (conlleval's accuracy). */
  accuracy: number;
  phrases: { truth: number; found: number; correct: number };
  tallies: Map<string, LabelTally>;
}

/**
 * Scores the answer's sentences against the truth's. Both files must have the same sentences with
 * the same words (a misaligned file is refused, naming the sentence and line). Each sentence is an
 * item scored like a spans item: chunks (label, first token, last token) match when equal, score =
 * F1 = 2·correct / (truth chunks + answer chunks), 1 when neither has a chunk. Matches name chunks by
 * their position in the sentence's list of truth / answer chunks.
 */
export function scoreConll(
  truth: readonly ConllToken[][],
  answer: readonly ConllToken[][],
  options: IobOptions = DEFAULT_IOB_OPTIONS,
): ConllScore {
  if (truth.length === 0) throw new ScoringInputError("the truth has no sentences");
  if (answer.length !== truth.length)
    throw new ScoringInputError(`the truth has ${truth.length} sentences but the answer ${answer.length}`);
  const items: SpansItemScore[] = [];
  const tallies = new Map<string, LabelTally>();
  let tokens = 0;
  let sameTags = 0;
  let phrasesTruth = 0;
  let phrasesFound = 0;
  truth.forEach((ts, s) => {
    const id = String(s + 1);
    const as = answer[s] as ConllToken[];
    if (as.length !== ts.length)
      throw new ScoringInputError(
        `item ${id}: sentence ${id} (truth line ${ts[0]?.line}) has ${ts.length} tokens in the truth but ${as.length} in the answer`,
        id,
      );
    ts.forEach((tok, k) => {
      const other = as[k] as ConllToken;
      if (other.word !== tok.word)
        throw new ScoringInputError(
          `item ${id}: sentence ${id}, token ${k + 1}: truth line ${tok.line} has ${JSON.stringify(tok.word)} but answer line ${other.line} has ${JSON.stringify(other.word)}`,
          id,
        );
      if (other.tag === tok.tag) sameTags++;
    });
    tokens += ts.length;
    const t = sentenceChunks(id, "truth", ts, options);
    const a = sentenceChunks(id, "answer", as, options);
    phrasesTruth += t.length;
    phrasesFound += a.length;
    const item = itemFromPairs(id, t, a, matchExactSpans(t, a));
    items.push(item);
    addTallies(tallies, item.tallies);
  });
  let correct = 0;
  for (const item of items) correct += item.tp;
  return {
    items,
    tokens,
    accuracy: tokens === 0 ? 1 : sameTags / tokens,
    phrases: { truth: phrasesTruth, found: phrasesFound, correct },
    tallies,
  };
}

function sentenceChunks(
  id: string,
  side: string,
  tokens: readonly ConllToken[],
  options: IobOptions,
): IndexedSpan[] {
  const valid = options.mode === "strict" ? STRICT_TAG : TAG;
  for (const tok of tokens) {
    if (!valid.test(tok.tag))
      throw new ScoringInputError(
        `item ${id}: ${side} line ${tok.line} has tag ${JSON.stringify(tok.tag)}, not ${options.mode === "strict" ? "IOB2 (O, B-X, I-X)" : "IOB (O, B-X, I-X, E-X, S-X)"}`,
        id,
      );
    if (options.labels && tok.tag !== "O" && !options.labels.has(tok.tag.slice(2)))
      throw new ScoringInputError(
        `item ${id}: ${side} line ${tok.line} has type ${JSON.stringify(tok.tag.slice(2))}, not a known label`,
        id,
      );
  }
  const tags = tokens.map((tok) => tok.tag);
  const chunks = options.mode === "strict" ? chunksStrict(tags) : chunksDefault(tags);
  return chunks.map((c, index) => ({ ...c, index }));
}
