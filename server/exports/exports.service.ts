// Exports of a task's annotations (issue 11): the hidden truth, or the contestants' final answers,
// as COCO JSON, Pascal VOC (a ZIP of one XML per image), YOLO (a ZIP of classes.txt and one label
// file per image) or JSON Lines (every kind, the raw documents).
//
// Who may export: an admin, or a judge or region host who may see a session that sat the task's
// paper. Answers come only from the sessions the caller may see (sessionId narrows to one). A judge
// or host who sees none of them gets 404, as for a task that does not exist; proctors and
// contestants get 403.
import { ForbiddenError, NotFoundError, ValidationError } from "../../core/errors.ts";
import { toCoco } from "../../core/formats/coco.ts";
import type { Dataset, DatasetImage } from "../../core/formats/dataset.ts";
import { toVoc } from "../../core/formats/voc.ts";
import { toYolo, yoloClasses } from "../../core/formats/yolo.ts";
import { zip } from "../../core/formats/zip.ts";
import type { Box, Polygon } from "../../protocol/index.ts";
import { isAdmin, type Principal } from "../auth/principal.ts";
import { canJudgeSession, canManageRegion } from "../auth/scope.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { audit, naturalCompare } from "../regions/region-records.ts";

export const EXPORT_FORMATS = ["coco", "voc", "yolo", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportOf = "truth" | "answers";

/** Kinds whose shapes COCO, VOC and YOLO carry. */
const SHAPE_KINDS = new Set(["BOXES", "POLYGONS"]);

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

interface Request {
  taskId: string;
  format: ExportFormat;
  of: ExportOf;
  sessionId?: string;
}

/** Whether the principal may see the session's records: an admin, its judge or its region's host. */
function seesSession(p: Principal, s: { id: string; regionId: string | null }): boolean {
  return isAdmin(p) || canJudgeSession(p, s) || (s.regionId !== null && canManageRegion(p, s.regionId));
}

/** Proctors and contestants get 403 before any lookup; judges and hosts go on to the session check. */
function assertMayExport(p: Principal): void {
  if (!p.staff.some((g) => g.role === "ADMIN" || g.role === "JUDGE" || g.role === "REGION_HOST"))
    throw new ForbiddenError("This is for the judges, the region hosts and the national committee.");
}

export interface ExportableTask {
  taskId: string;
  position: number;
  title: string;
  kind: string;
  formats: ExportFormat[];
}

/** A name safe as one folder of a ZIP entry (ticket numbers are letters, digits and dashes). */
const safeSegment = (s: string) => s.replace(/[^\w.-]/g, "_") || "_";

interface LabelRow {
  id: string;
  name: string;
}

export class ExportsService {
  constructor(private readonly deps: ContestDeps) {}

  /** The tasks of a session's paper with the formats each exports to (the judge's export panel). */
  async tasksOf(actor: Principal, sessionId: string): Promise<ExportableTask[]> {
    assertMayExport(actor);
    const session = await this.deps.db.examSession.findUnique({
      where: { id: sessionId },
      select: { id: true, regionId: true, paperId: true },
    });
    if (!session || !seesSession(actor, session)) throw new NotFoundError("The session");
    const tasks = await this.deps.db.task.findMany({
      where: { section: { paperId: session.paperId } },
      orderBy: [{ section: { position: "asc" } }, { position: "asc" }],
      select: { id: true, position: true, title: true, kind: true },
    });
    return tasks.map((t) => ({
      taskId: t.id,
      position: t.position,
      title: t.title,
      kind: t.kind,
      formats: EXPORT_FORMATS.filter((f) => f === "jsonl" || SHAPE_KINDS.has(t.kind)),
    }));
  }

  async export(actor: Principal, req: Request): Promise<ExportFile> {
    assertMayExport(actor);
    const { db } = this.deps;
    const task = await db.task.findUnique({
      where: { id: req.taskId },
      select: {
        id: true,
        kind: true,
        position: true,
        title: true,
        labels: true,
        section: { select: { paperId: true } },
      },
    });
    if (!task) throw new NotFoundError("The task");
    const sessions = await db.examSession.findMany({
      where: { paperId: task.section.paperId },
      select: { id: true, regionId: true, practice: true },
    });
    const visible = sessions.filter((s) => seesSession(actor, s));
    if (visible.length === 0 && !isAdmin(actor)) throw new NotFoundError("The task");
    // Practice sittings never count: their answers are exported only when asked for by session.
    let chosen = visible.filter((s) => !s.practice);
    if (req.sessionId) {
      chosen = visible.filter((s) => s.id === req.sessionId);
      if (chosen.length === 0) throw new NotFoundError("The session");
    }
    if (req.format !== "jsonl" && !SHAPE_KINDS.has(task.kind))
      throw new ValidationError(
        `A ${task.kind} task has no ${req.format.toUpperCase()} form: only BOXES and POLYGONS tasks export to COCO, VOC and YOLO; use JSONL.`,
        { kind: task.kind, format: req.format },
      );

    const items = await db.item.findMany({
      where: { taskId: task.id },
      orderBy: { position: "asc" },
      select: {
        id: true,
        position: true,
        payload: true,
        groundTruth: req.of === "truth" ? { select: { data: true } } : false,
      },
    });
    const labelRows = (Array.isArray(task.labels) ? task.labels : []) as unknown as LabelRow[];
    const nameOf = new Map(labelRows.map((l) => [l.id, l.name]));
    const labels = labelRows.map((l) => l.name);
    const labelName = (id: string) => {
      const name = nameOf.get(id);
      if (name !== undefined) return name;
      // A label the task no longer lists keeps its id as its name, at the end of the list.
      nameOf.set(id, id);
      labels.push(id);
      return id;
    };
    const sizeOf = (payload: unknown) => {
      const p = (payload ?? {}) as { width?: unknown; height?: unknown };
      return {
        width: typeof p.width === "number" ? p.width : 0,
        height: typeof p.height === "number" ? p.height : 0,
      };
    };
    const imageOf = (file: string, payload: unknown, doc: unknown): DatasetImage => {
      const d = (doc ?? {}) as { boxes?: unknown; polygons?: unknown };
      const boxes = (Array.isArray(d.boxes) ? d.boxes : []) as Box[];
      const polygons = (Array.isArray(d.polygons) ? d.polygons : []) as Polygon[];
      return {
        file,
        ...sizeOf(payload),
        boxes: boxes.map((b) => ({ ...b, label: labelName(b.label) })),
        polygons: polygons.map((p) => ({ ...p, label: labelName(p.label) })),
      };
    };

    const images: DatasetImage[] = [];
    const lines: object[] = [];
    if (req.of === "truth") {
      for (const it of items) {
        const file = `item-${it.position}.png`;
        const truth = it.groundTruth?.data ?? null;
        images.push(imageOf(file, it.payload, truth));
        lines.push({ item: it.position, file, ...sizeOf(it.payload), truth });
      }
    } else {
      const attempts = await db.attempt.findMany({
        where: { examSessionId: { in: chosen.map((s) => s.id) }, startedAt: { not: null } },
        select: {
          id: true,
          examSessionId: true,
          contestant: { select: { ticketNumber: true } },
          answers: {
            where: { itemId: { in: items.map((i) => i.id) } },
            select: { itemId: true, data: true, revision: true, savedAt: true },
          },
        },
      });
      attempts.sort((a, b) => naturalCompare(a.contestant.ticketNumber, b.contestant.ticketNumber));
      for (const a of attempts) {
        const byItem = new Map(a.answers.map((x) => [x.itemId, x]));
        const folder = safeSegment(a.contestant.ticketNumber);
        for (const it of items) {
          const file = `${folder}/${it.position}.png`;
          const answer = byItem.get(it.id);
          images.push(imageOf(file, it.payload, answer?.data));
          lines.push({
            ticketNumber: a.contestant.ticketNumber,
            sessionId: a.examSessionId,
            item: it.position,
            file,
            ...sizeOf(it.payload),
            answer: answer?.data ?? null,
            revision: answer?.revision ?? null,
            savedAt: answer?.savedAt.toISOString() ?? null,
          });
        }
      }
    }

    const dataset: Dataset = { labels, images };
    const base = `task-${task.position}-${req.of}${req.sessionId ? `-${req.sessionId}` : ""}-${req.format}`;
    let file: ExportFile;
    switch (req.format) {
      case "coco":
        file = {
          fileName: `${base}.json`,
          contentType: "application/json; charset=utf-8",
          body: Buffer.from(`${JSON.stringify(toCoco(dataset))}\n`, "utf8"),
        };
        break;
      case "voc":
        // Polygons have no VOC form: a POLYGONS task's objects are their bounding boxes.
        file = {
          fileName: `${base}.zip`,
          contentType: "application/zip",
          body: zip(
            images.map((img) => ({
              name: `Annotations/${img.file.replace(/\.png$/, "")}.xml`,
              body: toVoc(img, { polygonsAsBoxes: true }).xml,
            })),
            this.deps.clock.now(),
          ),
        };
        break;
      case "yolo":
        file = {
          fileName: `${base}.zip`,
          contentType: "application/zip",
          body: zip(
            [
              { name: "classes.txt", body: yoloClasses(labels) },
              ...images.map((img) => ({
                name: `labels/${img.file.replace(/\.png$/, "")}.txt`,
                body: toYolo(img, labels),
              })),
            ],
            this.deps.clock.now(),
          ),
        };
        break;
      case "jsonl":
        file = {
          fileName: `${base}.jsonl`,
          contentType: "application/x-ndjson; charset=utf-8",
          // The raw documents, one line per item (truth) or per attempt × item (answers).
          body: Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(""), "utf8"),
        };
        break;
    }
    await audit(db, actor, {
      action: "export.task",
      target: `task:${task.id}`,
      details: {
        format: req.format,
        of: req.of,
        sessionId: req.sessionId ?? null,
        sessions: chosen.map((s) => s.id),
        images: images.length,
        bytes: file.body.length,
      },
    });
    return file;
  }
}
