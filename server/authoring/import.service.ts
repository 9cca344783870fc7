// A dataset imported into a task (protocol/authoring.ts, POST /api/admin/tasks/:taskId/imports):
// the upload unpacked (dataset-upload.ts), read by the format's reader (core/formats/import.ts),
// then written whole or not at all. The media go to the BlobStore first, the rows in one
// transaction after; if the transaction fails, the blobs written are removed again.
import { AppError, ConflictError, ValidationError } from "../../core/errors.ts";
import { readDataset as defaultReader } from "../../core/formats/import.ts";
import type { DatasetReading, ReadDataset } from "../../core/formats/import-types.ts";
import {
  type DatasetImportQuery,
  type DatasetImportReport,
  type DatasetImportRow,
  datasetImportQuerySchema,
  FORMATS_BY_KIND,
  type LabelDef,
  MAX_ITEMS_PER_TASK,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { putItemMedia, type StoredItemMedia } from "../exams/media-store.ts";
import { servableMedia } from "../exams/media-type.ts";
import { parse } from "../http/middleware.ts";
import { datasetFiles, UploadProblem } from "./dataset-upload.ts";
import { assertPaperEditable } from "./paper-lock.ts";
import { audit, checkedSettings, labelsNamed, lockPaper, newId, taskOrThrow } from "./records.ts";
import type { TasksService } from "./tasks.service.ts";

/** The most labels a task's set holds (protocol taskInputSchema). */
const MAX_LABELS = 100;

/** 422 IMPORT_REJECTED: details is the report, with a row for each problem; nothing was written. */
export class DatasetRejectedError extends AppError {
  constructor(message: string, report: DatasetImportReport) {
    super("IMPORT_REJECTED", message, report);
  }
}

export class DatasetImportService {
  constructor(
    private readonly deps: Pick<ContestDeps, "db" | "store" | "log">,
    private readonly tasks: TasksService,
    private readonly read: ReadDataset = defaultReader,
  ) {}

  async import(
    actor: Principal,
    taskId: string,
    query: DatasetImportQuery,
    bytes: Uint8Array,
  ): Promise<DatasetImportReport> {
    const q = parse(datasetImportQuerySchema, query);
    const dryRun = q.dryRun === "1";
    const replace = q.replace === "1";
    const task = await taskOrThrow(this.deps.db, taskId);
    if (!FORMATS_BY_KIND[task.kind].includes(q.format))
      throw new ValidationError(
        `A ${task.kind} task does not import ${q.format}; it imports ${FORMATS_BY_KIND[task.kind].join(", ")}.`,
        { path: "format", formats: FORMATS_BY_KIND[task.kind] },
      );
    const settings = checkedSettings(task.kind, task.settings);
    const refuse = (rows: DatasetImportRow[], labelsAdded: string[] = []): DatasetImportReport => ({
      dryRun,
      format: q.format,
      imported: 0,
      skipped: rows.filter((r) => r.outcome === "skipped").length,
      labelsAdded,
      rows,
    });

    let files: ReturnType<typeof datasetFiles>;
    try {
      files = datasetFiles(bytes, q.name);
    } catch (e) {
      if (!(e instanceof UploadProblem)) throw e;
      throw new DatasetRejectedError(
        `The upload is refused: ${e.problem}`,
        refuse([{ where: e.where, outcome: "refused", problems: [e.problem] }]),
      );
    }

    let reading: DatasetReading;
    try {
      reading = await this.read(q.format, files, {
        kind: task.kind,
        labels: task.labels,
        settings,
        addLabels: q.addLabels === "1",
      });
    } catch (err) {
      // Readers report bad content as rows and never throw; one that does has met input it did not
      // expect. The upload is refused all the same (nothing was written), and the fault is logged.
      this.deps.log.error({ err, taskId, format: q.format }, "dataset reader threw");
      throw new DatasetRejectedError(
        `The ${q.format} reader could not read this upload; nothing was imported.`,
        refuse([
          { where: q.name ?? "upload", outcome: "refused", problems: ["The dataset could not be read."] },
        ]),
      );
    }
    const added = reading.labelsAdded.map((l) => l.id);
    if (!reading.ok) {
      const bad = reading.rows.filter((r) => r.outcome === "refused").length;
      throw new DatasetRejectedError(
        `${bad || "Some"} record(s) of the dataset are not valid; nothing was imported.`,
        refuse(reading.rows, added),
      );
    }
    if (reading.items.length === 0)
      throw new DatasetRejectedError(
        "The dataset holds no items; nothing was imported.",
        refuse([
          ...reading.rows,
          { where: "upload", outcome: "refused", problems: ["No items were found."] },
        ]),
      );
    const labels = mergeLabels(task.labels, reading.labelsAdded);
    if (labels.length > MAX_LABELS)
      throw new DatasetRejectedError(
        `The task would have ${labels.length} labels; at most ${MAX_LABELS}.`,
        refuse([{ where: "labels", outcome: "refused", problems: [`At most ${MAX_LABELS} labels.`] }], added),
      );
    const unservable = reading.items.flatMap((it): DatasetImportRow[] =>
      it.media && !servableMedia(it.media.type, Buffer.from(it.media.bytes.subarray(0, 16)))
        ? [
            {
              where: it.sourceName,
              outcome: "refused",
              problems: [
                `The media (${it.media.type}) is not a PNG, JPEG or WebP image or WAV, MP3 or Ogg audio whose bytes match its type.`,
              ],
            },
          ]
        : [],
    );
    if (unservable.length > 0)
      throw new DatasetRejectedError(
        `${unservable.length} media file(s) cannot be served; nothing was imported.`,
        refuse(unservable, added),
      );
    const existing = replace ? 0 : await this.deps.db.item.count({ where: { taskId } });
    this.checkCount(existing, reading.items.length, () => refuse(reading.rows, added));

    const report: DatasetImportReport = {
      dryRun,
      format: q.format,
      imported: reading.items.length,
      skipped: reading.rows.filter((r) => r.outcome === "skipped").length,
      labelsAdded: added,
      rows: reading.rows,
    };
    if (dryRun) {
      // A dry run says whether the write would be refused, but takes no lock and writes nothing.
      return report;
    }

    // Media first: a blob without a row is an orphan file; a row without its blob would be a broken item.
    const rows = reading.items.map((it) => ({ id: newId(), it, media: null as StoredItemMedia | null }));
    const written: string[] = [];
    try {
      for (const row of rows) {
        if (!row.it.media) continue;
        written.push(row.id);
        row.media = await putItemMedia(this.deps.store, row.id, row.it.media.bytes, row.it.media.type);
      }
    } catch (e) {
      await this.tasks.dropMedia(written);
      throw e;
    }

    let replaced: string[];
    try {
      replaced = await this.deps.db.$transaction(
        async (tx) => {
          await lockPaper(tx, task.paperId);
          await assertPaperEditable(tx, task.paperId);
          const now = await taskOrThrow(tx, taskId);
          if (now.kind !== task.kind)
            throw new ConflictError("The task's kind changed meanwhile: try again.");
          // Labels removed since the dataset was read would leave truth naming labels the task lacks.
          const known = new Set(mergeLabels(now.labels, reading.labelsAdded).map((l) => l.id));
          const gone = [...new Set(reading.items.flatMap((it) => [...labelsNamed(it.truth)]))].filter(
            (l) => !known.has(l),
          );
          if (gone.length > 0)
            throw new ConflictError("The task's labels changed meanwhile: try again.", { labels: gone });
          const old = replace
            ? await tx.item.findMany({ where: { taskId }, select: { id: true, mediaKey: true } })
            : [];
          if (replace) await tx.item.deleteMany({ where: { taskId } });
          const last = await tx.item.aggregate({
            where: { taskId },
            _max: { position: true },
            _count: { _all: true },
          });
          this.checkCount(last._count._all, rows.length, () => refuse(reading.rows, added));
          const first = (last._max.position ?? 0) + 1;
          await tx.item.createMany({
            data: rows.map(({ id, it, media }, i) => ({
              id,
              taskId,
              position: first + i,
              payload: it.payload as object,
              sourceName: it.sourceName.slice(0, 500),
              mediaType: media?.mediaType ?? null,
              mediaKey: media?.mediaKey ?? null,
              mediaSize: media?.mediaSize ?? null,
            })),
          });
          await tx.groundTruth.createMany({
            data: rows.map(({ id, it }) => ({ itemId: id, data: it.truth as object })),
          });
          if (added.length > 0) {
            const merged = mergeLabels(now.labels, reading.labelsAdded);
            await tx.task.update({ where: { id: taskId }, data: { labels: merged } });
          }
          await audit(tx, actor, {
            action: "task.import",
            target: `task:${taskId}`,
            details: {
              paperId: task.paperId,
              format: q.format,
              name: q.name ?? null,
              bytes: bytes.byteLength,
              imported: rows.length,
              replaced: old.length,
              skipped: report.skipped,
              labelsAdded: added,
            },
          });
          return old.flatMap((o) => (o.mediaKey ? [o.id] : []));
        },
        { timeout: 60_000, maxWait: 30_000 },
      );
    } catch (e) {
      await this.tasks.dropMedia(written);
      throw e;
    }
    await this.tasks.dropMedia(replaced);
    return report;
  }

  private checkCount(existing: number, adding: number, report: () => DatasetImportReport): void {
    if (existing + adding > MAX_ITEMS_PER_TASK)
      throw new DatasetRejectedError(
        `The task would hold ${existing + adding} items; at most ${MAX_ITEMS_PER_TASK}.`,
        {
          ...report(),
          rows: [
            ...report().rows,
            {
              where: "upload",
              outcome: "refused",
              problems: [
                `${adding} item(s) on top of ${existing} exceed the ${MAX_ITEMS_PER_TASK} a task holds.`,
              ],
            },
          ],
        },
      );
  }
}

function mergeLabels(labels: readonly LabelDef[], added: readonly LabelDef[]): LabelDef[] {
  const ids = new Set(labels.map((l) => l.id));
  return [...labels, ...added.filter((l) => !ids.has(l.id))];
}
