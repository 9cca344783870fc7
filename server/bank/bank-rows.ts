// The bank import's rules as pure functions: the header row to columns, then every row checked on
// its own and across rows (a code twice in the file). Every problem is reported with its row.
import {
  BANK_COLUMNS,
  BANK_IMPORT_MAX_ROWS,
  type BankField,
  type BankImportRefusal,
  MAX_QUESTION_OPTIONS,
  questionCodeSchema,
  topicSchema,
} from "../../protocol/bank.ts";
import type { QuestionKind } from "../../protocol/index.ts";
import type { SheetRow } from "../review/import-parse.ts";
import { foldHeader } from "../review/import-rows.ts";

export const OPTION_LETTERS = "ABCDEFGH".slice(0, MAX_QUESTION_OPTIONS).split("");
export const MAX_PROMPT_LENGTH = 2000;
export const MAX_OPTION_LENGTH = 500;
export const MAX_POINTS = 100;

export type BankKey = { choice: string } | { choices: string[] } | { value: boolean };

/** A checked row, ready to be written. */
export interface BankRecord {
  row: number;
  code: string;
  kind: QuestionKind;
  topic: string;
  prompt: string;
  options: { id: string; text: string }[];
  key: BankKey;
  points: number;
  scoring: "all-or-nothing" | "partial";
}

const HEADER_INDEX = new Map<string, BankField>(
  BANK_COLUMNS.flatMap((c) => {
    const names = [c.zh, c.en, `${c.zh}${c.en}`, `${c.zh} ${c.en}`];
    if (c.field.startsWith("option")) {
      const l = c.field.slice("option".length);
      names.push(`选项${l}`, `option${l}`, `${l}`, `选项 ${l}`);
    }
    if (c.field === "code") names.push("题号", "id");
    if (c.field === "kind") names.push("类型", "type");
    if (c.field === "prompt") names.push("题目", "question");
    if (c.field === "answer") names.push("正确答案", "key");
    if (c.field === "points") names.push("分数", "score");
    if (c.field === "scoring") names.push("计分方式");
    return names.map((n) => [foldHeader(n), c.field] as const);
  }),
);

const KIND_WORDS = new Map<string, QuestionKind>([
  ["单选", "SINGLE_CHOICE"],
  ["单选题", "SINGLE_CHOICE"],
  ["单项选择", "SINGLE_CHOICE"],
  ["单项选择题", "SINGLE_CHOICE"],
  ["singlechoice", "SINGLE_CHOICE"],
  ["single", "SINGLE_CHOICE"],
  ["多选", "MULTIPLE_CHOICE"],
  ["多选题", "MULTIPLE_CHOICE"],
  ["多项选择", "MULTIPLE_CHOICE"],
  ["多项选择题", "MULTIPLE_CHOICE"],
  ["multiplechoice", "MULTIPLE_CHOICE"],
  ["multiple", "MULTIPLE_CHOICE"],
  ["判断", "TRUE_FALSE"],
  ["判断题", "TRUE_FALSE"],
  ["truefalse", "TRUE_FALSE"],
  ["true/false", "TRUE_FALSE"],
  ["tf", "TRUE_FALSE"],
]);

const TRUE_WORDS = new Set(["对", "正确", "是", "true", "t", "√", "✓", "✔", "y", "yes", "1"]);
const FALSE_WORDS = new Set(["错", "错误", "否", "false", "f", "×", "✗", "✘", "x", "n", "no", "0"]);

const SCORING_WORDS = new Map<string, "all-or-nothing" | "partial">([
  ["allornothing", "all-or-nothing"],
  ["全对得分", "all-or-nothing"],
  ["全部正确", "all-or-nothing"],
  ["partial", "partial"],
  ["部分得分", "partial"],
  ["按比例", "partial"],
]);

function fold(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_-]/g, "");
}

/** NUL, other control characters (a line break and a tab aside), direction overrides, lone surrogates. */
export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "contains a NUL character";
  if (/\p{Cs}/u.test(s)) return "contains a lone surrogate (not valid Unicode)";
  if (/\p{Cc}/u.test(s.replace(/[\n\r\t]/g, ""))) return "contains a control character";
  if (/[\u202a-\u202e\u2066-\u2069]/.test(s)) return "contains a text-direction control character";
  return null;
}

/** Where each field's column is, by the header row; missing required columns are problems. */
export function mapBankHeader(header: SheetRow): { columns: Map<BankField, number>; problems: string[] } {
  const columns = new Map<BankField, number>();
  header.cells.forEach((cell, index) => {
    const field = HEADER_INDEX.get(foldHeader(cell));
    if (field && !columns.has(field)) columns.set(field, index);
  });
  const problems = BANK_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map(
    (c) => `The column ${c.zh} ${c.en} is missing from the header row.`,
  );
  return { columns, problems };
}

/** The header row: the first of the first five rows naming three known columns; else the first row. */
export function bankHeaderIndex(sheet: SheetRow[]): number {
  for (let i = 0; i < Math.min(5, sheet.length); i++) {
    const row = sheet[i] as SheetRow;
    if (row.cells.filter((c) => HEADER_INDEX.has(foldHeader(c))).length >= 3) return i;
  }
  return 0;
}

export function parsePoints(text: string): number | null {
  if (!/^\d{1,4}(\.\d{1,3})?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 && n <= MAX_POINTS ? n : null;
}

/** One row checked on its own: a record, or its problems. */
export function checkBankRow(
  sheetRow: SheetRow,
  columns: Map<BankField, number>,
): { record: BankRecord | null; code: string; problems: string[] } {
  const problems: string[] = [];
  const cell = (f: BankField): string => {
    const i = columns.get(f);
    return i === undefined ? "" : (sheetRow.cells[i] ?? "");
  };
  // Every cell of the row, named columns or not, is checked for text no one could have meant.
  sheetRow.cells.forEach((c, i) => {
    const p = textProblem(c);
    if (!p) return;
    const field = [...columns.entries()].find(([, idx]) => idx === i)?.[0];
    const col = BANK_COLUMNS.find((x) => x.field === field);
    problems.push(`${col ? `${col.zh} ${col.en}` : `Column ${i + 1}`}: ${p}.`);
  });
  const hostile = problems.length > 0;
  const rawCode = cell("code");
  const code = hostile ? rawCode.replace(/[\p{Cc}\p{Cs}]/gu, "?") : rawCode;
  if (hostile) return { record: null, code, problems };

  const codeParsed = questionCodeSchema.safeParse(rawCode);
  if (rawCode === "") problems.push("编号 code: empty.");
  else if (!codeParsed.success)
    problems.push(`编号 code: ${codeParsed.error.issues[0]?.message ?? "not valid"}`);

  const rawKind = cell("kind");
  const kind = KIND_WORDS.get(fold(rawKind));
  if (!kind)
    problems.push(
      rawKind === ""
        ? "题型 kind: empty."
        : `题型 kind: "${rawKind}" is not 单选, 多选 or 判断 (SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE).`,
    );

  const topicParsed = topicSchema.safeParse(cell("topic"));
  if (!topicParsed.success)
    problems.push(
      cell("topic") === "" ? "知识点 topic: empty." : `知识点 topic: ${topicParsed.error.issues[0]?.message}`,
    );

  const prompt = cell("prompt");
  if (prompt === "") problems.push("题干 prompt: empty.");
  else if (prompt.length > MAX_PROMPT_LENGTH)
    problems.push(`题干 prompt: longer than ${MAX_PROMPT_LENGTH} characters.`);

  // Options A, B, C… in order: a gap (A, C without B) is a typing slip, not a two-option question.
  const options: { id: string; text: string }[] = [];
  let gap: string | null = null;
  for (const l of OPTION_LETTERS) {
    const text = cell(`option${l}`);
    if (text === "") {
      gap ??= l;
      continue;
    }
    if (gap) problems.push(`选项${l} option ${l}: given while 选项${gap} option ${gap} is empty.`);
    if (text.length > MAX_OPTION_LENGTH)
      problems.push(`选项${l} option ${l}: longer than ${MAX_OPTION_LENGTH} characters.`);
    options.push({ id: l, text });
  }
  const ids = new Set(options.map((o) => o.id));

  const answer = cell("answer");
  let key: BankKey | null = null;
  if (answer === "") problems.push("答案 answer: empty.");
  else if (kind === "TRUE_FALSE") {
    if (options.length > 0) problems.push("选项 options: a true/false question has no options.");
    const a = fold(answer);
    if (TRUE_WORDS.has(a)) key = { value: true };
    else if (FALSE_WORDS.has(a)) key = { value: false };
    else problems.push(`答案 answer: "${answer}" is not 对/错 (true/false, T/F, √/×).`);
  } else if (kind) {
    if (options.length < 2) problems.push("选项 options: a choice question needs at least 2 options.");
    const letters = answer
      .normalize("NFKC")
      .toUpperCase()
      .replace(/[\s,;、，；/|]/g, "");
    const bad = [...letters].filter((c) => !OPTION_LETTERS.includes(c));
    const chosen = [...letters].filter((c) => OPTION_LETTERS.includes(c));
    if (bad.length > 0 || chosen.length === 0)
      problems.push(`答案 answer: "${answer}" is not option letters (e.g. B or ACD).`);
    else {
      const missing = chosen.filter((c) => !ids.has(c));
      if (missing.length > 0)
        problems.push(
          `答案 answer: ${missing.join(", ")} is not among the options given (${[...ids].join("") || "none"}).`,
        );
      if (new Set(chosen).size !== chosen.length) problems.push(`答案 answer: "${answer}" repeats a letter.`);
      if (kind === "SINGLE_CHOICE" && chosen.length !== 1)
        problems.push(`答案 answer: a single-choice question has exactly one answer, not ${chosen.length}.`);
      if (kind === "MULTIPLE_CHOICE" && chosen.length < 2)
        problems.push("答案 answer: a multiple-choice question has at least two correct options.");
      if (kind === "SINGLE_CHOICE") key = { choice: chosen[0] as string };
      else key = { choices: [...new Set(chosen)].sort() };
    }
  }

  const points = parsePoints(cell("points"));
  if (points === null)
    problems.push(
      cell("points") === ""
        ? "分值 points: empty."
        : `分值 points: "${cell("points")}" is not a number above 0 and at most ${MAX_POINTS} (with at most 3 decimals).`,
    );

  let scoring: "all-or-nothing" | "partial" = "all-or-nothing";
  const rawScoring = cell("scoring");
  if (rawScoring !== "") {
    const s = SCORING_WORDS.get(fold(rawScoring));
    if (!s) problems.push(`多选计分 scoring: "${rawScoring}" is not all-or-nothing or partial.`);
    else if (kind !== "MULTIPLE_CHOICE" && s === "partial")
      problems.push("多选计分 scoring: partial scoring is for multiple-choice questions only.");
    else scoring = s;
  }

  if (problems.length > 0 || !kind || !key || points === null || !codeParsed.success || !topicParsed.success)
    return { record: null, code, problems };
  return {
    record: {
      row: sheetRow.row,
      code: codeParsed.data,
      kind,
      topic: topicParsed.data,
      prompt,
      options: kind === "TRUE_FALSE" ? [] : options,
      key,
      points,
      scoring,
    },
    code,
    problems,
  };
}

/** The whole sheet: records for every row, or the refusals (header problems as row 1's). */
export function checkBankSheet(sheet: SheetRow[]): { records: BankRecord[]; refusals: BankImportRefusal[] } {
  const refusals: BankImportRefusal[] = [];
  if (sheet.length === 0)
    return { records: [], refusals: [{ row: 1, code: "", problems: ["The sheet is empty."] }] };
  const hi = bankHeaderIndex(sheet);
  const header = sheet[hi] as SheetRow;
  const { columns, problems } = mapBankHeader(header);
  if (problems.length > 0) return { records: [], refusals: [{ row: header.row, code: "", problems }] };
  const rows = sheet.slice(hi + 1);
  if (rows.length === 0)
    return {
      records: [],
      refusals: [{ row: header.row, code: "", problems: ["The sheet has no question rows."] }],
    };
  if (rows.length > BANK_IMPORT_MAX_ROWS)
    return {
      records: [],
      refusals: [
        {
          row: header.row,
          code: "",
          problems: [`The sheet has ${rows.length} rows; import at most ${BANK_IMPORT_MAX_ROWS} at a time.`],
        },
      ],
    };
  const records: BankRecord[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    const { record, code, problems: rowProblems } = checkBankRow(r, columns);
    const problems = [...rowProblems];
    const seen = code === "" ? undefined : firstRowOf.get(code);
    if (seen !== undefined)
      problems.push(`编号 code: "${code}" is already used on row ${seen} of this file.`);
    else if (code !== "") firstRowOf.set(code, r.row);
    if (problems.length > 0 || !record) refusals.push({ row: r.row, code, problems });
    else records.push(record);
  }
  return { records, refusals };
}
