// Audio transcripts: a CSV with a header naming the columns file (or file_name, audio, path, …),
// transcript (or transcription, text, sentence) and optionally durationMs (or duration_ms), one
// clip a row; or JSON Lines of
// {"file", "transcript", "durationMs"?}. Each row names an audio file of the upload (WAV, MP3 or
// Ogg by its bytes). The item's durationMs is the row's, else read from a WAV header; an MP3 or
// Ogg clip without one is a problem.
import type { DatasetImportRow } from "../../protocol/authoring.ts";
import { parseCsv } from "./csv.ts";
import type { ClipRecord } from "./import-kit.ts";

// Aliases as other tools name them: Hugging Face audiofolder (file_name, transcription), Common
// Voice (path, sentence), TTS manifests (audio_path, text).
const FILE = ["file", "file_name", "filename", "audio", "audio_path", "audio_file", "path"];
const TRANSCRIPT = ["transcript", "transcription", "text", "sentence"];
const DURATION = ["durationms", "duration_ms"];

function durationOf(raw: unknown, problems: string[]): number | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const n = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n <= 0) {
    problems.push(`has durationMs ${JSON.stringify(raw)}, not a positive whole number of milliseconds`);
    return undefined;
  }
  return n;
}

export function readTranscriptRecords(
  form: "csv" | "jsonl",
  rows: DatasetImportRow[],
  files: { path: string; dir: string; text: string }[],
): { clips: ClipRecord[]; rows: DatasetImportRow[] } {
  const clips: ClipRecord[] = [];
  for (const f of files) {
    if (form === "csv") {
      const parsed = parseCsv(f.text);
      if ("problem" in parsed) {
        rows.push({ where: f.path, outcome: "refused", problems: [parsed.problem] });
        continue;
      }
      const [header, ...body] = parsed.rows;
      const names = (header ?? []).map((h) => h.trim().toLowerCase());
      const col = (options: string[]) => names.findIndex((n) => options.includes(n));
      const [fc, tc, dc] = [col(FILE), col(TRANSCRIPT), col(DURATION)];
      if (fc < 0 || tc < 0) {
        rows.push({
          where: f.path,
          outcome: "refused",
          problems: [`has no header naming the columns file and transcript (found: ${names.join(", ")})`],
        });
        continue;
      }
      body.forEach((r, i) => {
        const problems: string[] = [];
        if (r.length !== names.length)
          problems.push(`has ${r.length} fields; the header has ${names.length}`);
        clips.push({
          where: `${f.path}:${i + 2}`,
          file: (r[fc] ?? "").trim(),
          fromDir: f.dir,
          transcript: r[tc] ?? "",
          durationMs: dc >= 0 ? durationOf(r[dc], problems) : undefined,
          problems,
        });
      });
    } else
      for (const [i, raw] of f.text.split(/\r?\n/).entries()) {
        if (!raw.trim()) continue;
        const where = `${f.path}:${i + 1}`;
        let v: Record<string, unknown>;
        try {
          v = JSON.parse(raw);
        } catch (e) {
          rows.push({ where, outcome: "refused", problems: [`is not JSON: ${(e as Error).message}`] });
          continue;
        }
        const problems: string[] = [];
        const file = FILE.map((k) => v?.[k]).find((x) => typeof x === "string") as string | undefined;
        const transcript = TRANSCRIPT.map((k) => v?.[k]).find((x) => typeof x === "string") as
          | string
          | undefined;
        if (!file) problems.push('has no "file" naming the audio');
        if (transcript === undefined) problems.push('has no "transcript" string');
        clips.push({
          where,
          file: file ?? "",
          fromDir: f.dir,
          transcript: transcript ?? "",
          durationMs: durationOf(v?.durationMs ?? v?.duration_ms, problems),
          problems,
        });
      }
  }
  return { clips, rows };
}
