// CoNLL / BIO files (CoNLL-2000 chunking, CoNLL-2003 NER and their kin): one token a line, its tag
// in the last column (columns split by tabs or spaces), a blank line between sentences, lines
// starting -DOCSTART- ignored. Each sentence is one TEXT_SPANS item.
//
// The text is the tokens joined by one space — except a sentence of single characters that holds
// Chinese (character-level CoNLL, as Chinese NER corpora are), which is joined with no space.
// Spans are in Unicode code points (the protocol's offsets).
//
// Tags: O, B-X, I-X, and E-X / S-X (BIOES) or L-X / U-X (BILOU). Both IOB2 (every entity starts
// with B-) and IOB1 (B- only between two entities of one type) are read by one rule: B-, S- and U-
// always start an entity; I-, E- and L- continue the entity before if it has the same type, and
// otherwise start one. Anything else in the tag column is a problem naming its line.
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import type { TextRecord } from "./import-kit.ts";

const HAN = /\p{Script=Han}/u;

interface Token {
  token: string;
  tag: string;
  line: number;
}

export function readConllRecords(
  rows: DatasetImportRow[],
  files: { path: string; dir: string; text: string }[],
): { texts: TextRecord[]; rows: DatasetImportRow[] } {
  const texts: TextRecord[] = [];
  for (const f of files) {
    let sentence: Token[] = [];
    const flush = () => {
      if (sentence.length) texts.push(sentenceRecord(f.path, sentence));
      sentence = [];
    };
    for (const [i, raw] of f.text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line) {
        flush();
        continue;
      }
      if (line.startsWith("-DOCSTART-")) continue;
      const cols = line.split(/\s+/);
      sentence.push({
        token: cols[0] ?? "",
        tag: cols.length > 1 ? (cols[cols.length - 1] ?? "") : "",
        line: i + 1,
      });
    }
    flush();
  }
  return { texts, rows };
}

function sentenceRecord(file: string, tokens: Token[]): TextRecord {
  const first = tokens[0]?.line ?? 0;
  const last = tokens[tokens.length - 1]?.line ?? 0;
  const where = `${file}:${first}-${last}`;
  const problems: string[] = [];
  const charLevel =
    tokens.every((t) => Array.from(t.token).length === 1) && tokens.some((t) => HAN.test(t.token));
  const sep = charLevel ? "" : " ";
  const spans: TextRecord["spans"] = [];
  let at = 0;
  let open: { start: number; end: number; type: string; line: number } | null = null;
  const close = () => {
    if (open) spans.push({ at: `line ${open.line}`, start: open.start, end: open.end, label: open.type });
    open = null;
  };
  tokens.forEach((t, k) => {
    if (k > 0) at += sep.length;
    const start = at;
    at += Array.from(t.token).length;
    const m = /^([BIESLU])[-_](.+)$/.exec(t.tag);
    if (t.tag === "O") {
      close();
      return;
    }
    if (!m?.[1] || !m[2]) {
      problems.push(`line ${t.line}: tag "${t.tag}" is not O or B-, I-, E-, S-, L-, U- and a type`);
      close();
      return;
    }
    const [, prefix, type] = m;
    const continues = (prefix === "I" || prefix === "E" || prefix === "L") && open?.type === type;
    if (continues && open) open.end = at;
    else {
      close();
      open = { start, end: at, type, line: t.line };
    }
    if (prefix === "E" || prefix === "L" || prefix === "S" || prefix === "U") close();
  });
  close();
  return {
    where,
    name: where,
    text: tokens.map((t) => t.token).join(sep),
    spans,
    classes: [],
    problems,
  };
}

/**
 * A text with its spans as IOB2 CoNLL (token, tag): tokens split at spaces, or one a character
 * when the text has no space and holds Chinese. A span must start and end on token edges.
 */
export function toConll(
  text: string,
  spans: readonly { start: number; end: number; label: string }[],
): string {
  const chars = Array.from(text);
  const charLevel = !text.includes(" ") && HAN.test(text);
  const tokens: { start: number; end: number }[] = [];
  if (charLevel) for (let i = 0; i < chars.length; i++) tokens.push({ start: i, end: i + 1 });
  else {
    let i = 0;
    for (const part of text.split(" ")) {
      const n = Array.from(part).length;
      if (n > 0) tokens.push({ start: i, end: i + n });
      i += n + 1;
    }
  }
  const lines = tokens.map((tk) => {
    const s = spans.find((sp) => sp.start <= tk.start && tk.end <= sp.end);
    const tag = s ? `${s.start === tk.start ? "B" : "I"}-${s.label}` : "O";
    return `${chars.slice(tk.start, tk.end).join("")} ${tag}`;
  });
  return `${lines.join("\n")}\n`;
}
