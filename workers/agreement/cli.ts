// The agreement CLI: `npm run --silent agreement -- FILE [options]` prints one JSON report.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  AGREEMENT_KINDS,
  type AgreementKind,
  type AgreementOptions,
  type AgreementReport,
  taskAgreement,
} from "./agreement.ts";
import { AgreementInputError } from "./kappa.ts";

const USAGE = `usage: npm run --silent agreement -- FILE [options]
FILE is JSON: { "kind": "<${AGREEMENT_KINDS.join("|")}>",
                "items": [{ "id": "…", "annotations": [answer1, answer2, …] }, …],
                "options": { … } }   (options optional; the command line overrides them)
Each answer is the task kind's answer document; annotator k is at position k in every item.
Prints a JSON report: { kind, measure, annotators, items, overall, threshold, perItem, lowAgreement }.
Options:
  --threshold N          list items below N in lowAgreement (default 0.6 classification, else 0.7)
  --weights linear|quadratic   classification, 2 annotators: weighted Cohen's kappa
  --labels A,B,…         classification: the task's labels in order
  --multi-label          classification: compare label sets
  --match-across-labels  boxes, polygons: match shapes whatever their labels
  --compact              one line instead of indented JSON
Exit code 2 and one line on stderr for a bad file, bad JSON, a bad option or invalid input.
`;

/** Input, file or option errors: exit code 2 with one line on stderr. */
class UsageError extends Error {}

export interface AgreementCliArgs {
  file: string;
  options: AgreementOptions;
  compact: boolean;
}

/** Reads the arguments: one file and the options above (`--name value` or `--name=value`). */
export function parseAgreementArgs(argv: readonly string[]): AgreementCliArgs | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean" },
        threshold: { type: "string" },
        weights: { type: "string" },
        labels: { type: "string" },
        "multi-label": { type: "boolean" },
        "match-across-labels": { type: "boolean" },
        compact: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError("give exactly one FILE");
  const options: AgreementOptions = {};
  if (typeof values.threshold === "string") {
    const t = Number(values.threshold);
    if (values.threshold.trim() === "" || !(t >= 0 && t <= 1))
      throw new UsageError(`--threshold ${values.threshold} is not a number in [0, 1]`);
    options.threshold = t;
  }
  if (values.weights !== undefined) {
    if (values.weights !== "linear" && values.weights !== "quadratic")
      throw new UsageError(`--weights ${String(values.weights)} is not linear or quadratic`);
    options.weights = values.weights;
  }
  if (typeof values.labels === "string") options.labels = values.labels.split(",").filter((l) => l !== "");
  if (values["multi-label"]) options.multiLabel = true;
  if (values["match-across-labels"]) options.matchAcrossLabels = true;
  return { file: positionals[0] as string, options, compact: values.compact === true };
}

/** `npm run agreement` runs in the package's folder: a relative path is taken from where npm was started. */
function resolvePath(path: string): string {
  const base = process.env.npm_lifecycle_event === "agreement" ? process.env.INIT_CWD : undefined;
  return resolve(base ?? process.cwd(), path);
}

/** Reads the file and computes the report; command-line options override the file's. */
export function runAgreement(args: AgreementCliArgs): AgreementReport {
  let text: string;
  try {
    text = readFileSync(resolvePath(args.file), "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? String(e));
    throw new UsageError(`cannot read ${args.file}: ${why}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${args.file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new UsageError(`${args.file} must hold an object { kind, items }`);
  const { kind, items, options } = doc as Record<string, unknown>;
  const upper = typeof kind === "string" ? kind.toUpperCase() : kind;
  if (typeof upper !== "string" || !(AGREEMENT_KINDS as readonly string[]).includes(upper))
    throw new UsageError(`kind ${JSON.stringify(kind)} is not one of ${AGREEMENT_KINDS.join(", ")}`);
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options)))
    throw new UsageError("options must be an object");
  return taskAgreement(upper as AgreementKind, items as never, {
    ...(options as AgreementOptions | undefined),
    ...args.options,
  });
}

const oneLine = (message: string): string => message.replace(/\s+/g, " ").trim();

export function main(argv: readonly string[]): number {
  try {
    const args = parseAgreementArgs(argv);
    if (args === "help") {
      process.stdout.write(USAGE);
      return 0;
    }
    const report = runAgreement(args);
    process.stdout.write(`${JSON.stringify(report, null, args.compact ? undefined : 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof AgreementInputError) {
      process.stderr.write(`agreement: ${oneLine(e.message)}\n`);
      return 2;
    }
    process.stderr.write(
      `agreement: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`,
    );
    return 1;
  }
}

// Run only as a program (tsx workers/agreement/cli.ts), not when a test imports this module.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = main(process.argv.slice(2));
