// The scoring CLI: `npm run --silent score -- --kind K --truth FILE --answer FILE [options]` prints one JSON result
// (or, for detections with --summary, pycocotools' 12 summary lines).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { CocoSummaryStat } from "./detections.ts";
import type { CliOptions, ScoreResult, ScoringKind } from "./result.ts";
import { SCORING_KINDS } from "./result.ts";
import { isTextKind, scoreTextKind, TEXT_KIND_FLAGS } from "./text-kinds.ts";
import { ScoringInputError } from "./types.ts";

const USAGE = `usage: npm run --silent score -- --kind <${SCORING_KINDS.join("|")}> --truth FILE --answer FILE [options]
Prints one JSON object: { kind, scorerVersion, score, items: [{ id, score, tp, fp, fn, matches }], … }.
Exit code 2 and one line on stderr for a bad file, bad JSON, a bad option or invalid input.
Options of the text kinds:
  classification  --multi-label  --labels A,B,…
  spans           --partial  --labels A,B,…  --format json|conll  --mode default|strict (conll)
  transcription   --no-width  --no-punct  --no-space  --ignore-case  --cer-ignore-space
  table           --key COLUMN  --no-trim  --no-width  --ignore-case  --no-numbers  --format json|csv
                  (csv is the default when both files end in .csv)
The geometric kinds (boxes, polygons, points, keypoints, detections) take their own options, e.g. --iou 0.5.
  detections      --summary: print pycocotools' 12 summary lines instead of the JSON
`;

/** Flags of the CLI itself (never followed by a value): --summary. */
const CLI_FLAGS = new Set(["summary"]);

/** Input, file or option errors: exit code 2 with one line on stderr. */
class UsageError extends Error {}

/** Parsed arguments: the kind, the two files and every other option as CliOptions. */
export interface CliArgs {
  kind: ScoringKind;
  truth: string;
  answer: string;
  options: CliOptions;
}

/**
 * Reads the arguments with node:util parseArgs (strict: false, so that each kind can take its own
 * options) and pairs values itself: `--name=value`, or `--name value` when the next argument is
 * not an option, except for the text kinds' known flags which never take a value. No positional
 * arguments and no short options are accepted; an option given twice is refused.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs | "help" {
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean> = {};
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token === undefined) continue;
    if (token.kind === "positional")
      throw new UsageError(`unexpected argument ${JSON.stringify(token.value)}`);
    if (token.kind === "option-terminator") throw new UsageError("unexpected --");
    if (!token.rawName.startsWith("--")) throw new UsageError(`unknown option ${token.rawName}`);
    if (token.name === "help") return "help";
    let value: string | boolean | undefined = token.value;
    const next = tokens[k + 1];
    if (
      value === undefined &&
      !TEXT_KIND_FLAGS.has(token.name) &&
      !CLI_FLAGS.has(token.name) &&
      next?.kind === "positional"
    ) {
      value = next.value;
      k++;
    }
    if (Object.hasOwn(values, token.name)) throw new UsageError(`option --${token.name} is given twice`);
    values[token.name] = value ?? true;
  }
  const { kind, truth, answer, ...options } = values;
  if (kind === undefined) throw new UsageError(`--kind is required (${SCORING_KINDS.join(", ")})`);
  if (typeof kind !== "string" || !(SCORING_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`unknown kind ${JSON.stringify(kind)}: use one of ${SCORING_KINDS.join(", ")}`);
  if (typeof truth !== "string") throw new UsageError("--truth FILE is required");
  if (typeof answer !== "string") throw new UsageError("--answer FILE is required");
  return { kind: kind as ScoringKind, truth, answer, options };
}

/**
 * `npm run score` runs in the package's folder: a relative path is taken from the folder npm was
 * started in (INIT_CWD), as the user meant it. Run any other way, from the current folder.
 */
function resolvePath(path: string): string {
  const base = process.env.npm_lifecycle_event === "score" ? process.env.INIT_CWD : undefined;
  return resolve(base ?? process.cwd(), path);
}

function readText(flag: string, path: string): string {
  try {
    return readFileSync(resolvePath(path), "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? String(e));
    throw new UsageError(`cannot read ${flag} file ${path}: ${why}`);
  }
}

function readJson(flag: string, path: string): unknown {
  const text = readText(flag, path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag} file ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Runs one scoring: reads the files (as text for spans with `--format conll` and for table with
 * `--format csv` or when both files end in .csv, else as JSON) and hands them to the kind's scorer.
 * The geometric kinds are scored by coco-kinds.ts, loaded only when needed.
 */
export async function runScore(args: CliArgs): Promise<ScoreResult> {
  const { kind, options } = args;
  if (isTextKind(kind)) {
    const csv =
      kind === "table" &&
      (options.format === "csv" ||
        (options.format === undefined && /\.csv$/i.test(args.truth) && /\.csv$/i.test(args.answer)));
    const raw = csv || (kind === "spans" && options.format === "conll");
    const read = raw ? readText : readJson;
    const truth = read("--truth", args.truth);
    const answer = read("--answer", args.answer);
    return scoreTextKind(kind, truth, answer, csv ? { ...options, format: "csv" } : options);
  }
  const truth = readJson("--truth", args.truth);
  const answer = readJson("--answer", args.answer);
  const { scoreCocoKind } = await import("./coco-kinds.ts");
  return scoreCocoKind(kind, truth, answer, options);
}

/** The error as one line: whitespace (newlines included) collapsed. */
const oneLine = (message: string): string => message.replace(/\s+/g, " ").trim();

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args === "help") {
      process.stdout.write(USAGE);
      return 0;
    }
    const { summary, ...options } = args.options;
    if (summary !== undefined && (summary !== true || args.kind !== "detections"))
      throw new UsageError("--summary is a flag of the detections kind");
    const result = await runScore({ ...args, options });
    if (summary === true) {
      const { formatCocoSummary } = await import("./detections.ts");
      process.stdout.write(`${formatCocoSummary(result.summary as CocoSummaryStat[]).join("\n")}\n`);
    } else process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScoringInputError) {
      process.stderr.write(`score: ${oneLine(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`score: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  }
}

// Run only as a program (tsx workers/scoring/cli.ts), not when a test imports this module.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main(process.argv.slice(2));
