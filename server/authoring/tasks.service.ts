// A paper's practical tasks as the committee writes them: kind, label set, settings (one strict
// schema per kind, protocol/task-settings.ts), points; their order; their items. Every change takes
// the paper's row lock and asks paper-lock.ts first, in the same transaction.
import { ConflictError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Tx } from "../../core/platform/db.ts";
import {
  type AuthoringItem,
  isImageTask,
  type TaskDetail,
  type TaskInput,
  type TaskOrder,
  taskInputSchema,
  taskOrderSchema,
} from "../../protocol/index.ts";
import type { Principal } from "../auth/principal.ts";
import type { ContestDeps } from "../contest-deps.ts";
import { mediaUrl, thumbUrl } from "../exams/item-view.ts";
import { deleteItemMedia } from "../exams/media-store.ts";
import { parse } from "../http/middleware.ts";
import { assertPaperEditable, sessionsUsingPaper } from "./paper-lock.ts";
import {
  audit,
  checkedSettings,
  checkLabelSet,
  labelsNamed,
  lockPaper,
  settingsObject,
  type TaskRow,
  taskOrThrow,
} from "./records.ts";

/** The practical section of the paper, made when an older paper has none. */
async function practicalSection(tx: Tx, paperId: string): Promise<string> {
  const sections = await tx.section.findMany({
    where: { paperId },
    select: { id: true, kind: true, position: true },
    orderBy: { position: "asc" },
  });
  const found = sections.find((s) => s.kind === "PRACTICAL");
  if (found) return found.id;
  const position = sections.reduce((n, s) => Math.max(n, s.position + 1), 0);
  const made = await tx.section.create({
    data: { paperId, kind: "PRACTICAL", title: "实际操作考核 Practical", position },
    select: { id: true },
  });
  return made.id;
}

/** The labels the task's items' truth names that `labels` no longer holds. */
async function labelsInUseMissing(tx: Tx, taskId: string, labelIds: Set<string>): Promise<string[]> {
  const truths = await tx.groundTruth.findMany({ where: { item: { taskId } }, select: { data: true } });
  const missing = new Set<string>();
  for (const t of truths) for (const l of labelsNamed(t.data)) if (!labelIds.has(l)) missing.add(l);
  return [...missing].sort();
}

/** The items about to be deleted whose media live in the store (removed once the rows are gone). */
async function itemsWithMedia(tx: Tx, where: { taskId?: string; id?: string }): Promise<string[]> {
  const rows = await tx.item.findMany({ where: { ...where, mediaKey: { not: null } }, select: { id: true } });
  return rows.map((r) => r.id);
}

export class TasksService {
  constructor(private readonly deps: Pick<ContestDeps, "db" | "store" | "log">) {}

  async get(taskId: string, db: Tx = this.deps.db): Promise<TaskDetail> {
    const task = await taskOrThrow(db, taskId);
    const items = await db.item.findMany({
      where: { taskId },
      orderBy: { position: "asc" },
      select: {
        id: true,
        position: true,
        payload: true,
        sourceName: true,
        mediaKey: true,
        mediaType: true,
        groundTruth: { select: { data: true } },
      },
    });
    const parsed = checkedSettingsOrNull(task);
    const image = isImageTask(task.kind);
    return {
      id: task.id,
      paperId: task.paperId,
      position: task.position,
      kind: task.kind,
      title: task.title,
      points: task.points,
      itemCount: items.length,
      instructions: task.instructions,
      labels: task.labels,
      settings: task.settings,
      effective: parsed ?? {},
      inUse: (await sessionsUsingPaper(db, task.paperId)).length > 0,
      items: items.map(
        (it): AuthoringItem => ({
          id: it.id,
          position: it.position,
          sourceName: it.sourceName,
          payload: it.payload,
          mediaUrl: it.mediaKey || it.mediaType ? mediaUrl(it.id) : null,
          thumbUrl: image && (it.mediaKey || it.mediaType) ? thumbUrl(it.id, 160) : null,
          truth: it.groundTruth?.data ?? null,
        }),
      ),
    };
  }

  async create(actor: Principal, paperId: string, input: TaskInput): Promise<TaskDetail> {
    const body = parse(taskInputSchema, input);
    checkLabelSet(body.labels);
    checkedSettings(body.kind, body.settings);
    return this.deps.db.$transaction(async (tx) => {
      await lockPaper(tx, paperId);
      await assertPaperEditable(tx, paperId);
      const sectionId = await practicalSection(tx, paperId);
      const last = await tx.task.aggregate({ where: { sectionId }, _max: { position: true } });
      const task = await tx.task.create({
        data: {
          sectionId,
          position: (last._max.position ?? 0) + 1,
          kind: body.kind,
          title: body.title,
          instructions: body.instructions,
          labels: body.labels,
          settings: body.settings as object,
          points: body.points,
        },
        select: { id: true },
      });
      await audit(tx, actor, {
        action: "task.create",
        target: `task:${task.id}`,
        details: { paperId, kind: body.kind, title: body.title, points: body.points },
      });
      return this.get(task.id, tx);
    });
  }

  /**
   * Replaces the task's fields. Settings are checked by the kind's schema; a label the items' truth
   * names cannot leave the set (400, details.labels); the kind of a task with items stays.
   */
  async update(actor: Principal, taskId: string, input: TaskInput): Promise<TaskDetail> {
    const body = parse(taskInputSchema, input);
    checkLabelSet(body.labels);
    checkedSettings(body.kind, body.settings);
    return this.deps.db.$transaction(async (tx) => {
      const found = await taskOrThrow(tx, taskId);
      await lockPaper(tx, found.paperId);
      await assertPaperEditable(tx, found.paperId);
      const before = await taskOrThrow(tx, taskId);
      const items = await tx.item.count({ where: { taskId } });
      if (body.kind !== before.kind && items > 0)
        throw new ConflictError(
          `The task has ${items} item(s): its kind cannot change. Clear its items first.`,
          { items },
        );
      const missing = await labelsInUseMissing(tx, taskId, new Set(body.labels.map((l) => l.id)));
      if (missing.length > 0)
        throw new ValidationError(
          `The items' truth uses label(s) ${missing.join(", ")}: they cannot be removed.`,
          { path: "labels", labels: missing },
        );
      await tx.task.update({
        where: { id: taskId },
        data: {
          kind: body.kind,
          title: body.title,
          instructions: body.instructions,
          labels: body.labels,
          settings: body.settings as object,
          points: body.points,
        },
      });
      await audit(tx, actor, {
        action: "task.update",
        target: `task:${taskId}`,
        details: {
          paperId: before.paperId,
          before: snapshot(before),
          after: {
            kind: body.kind,
            title: body.title,
            points: body.points,
            labels: body.labels.map((l) => l.id),
            settings: body.settings as object,
          },
        },
      });
      return this.get(taskId, tx);
    });
  }

  async remove(actor: Principal, taskId: string): Promise<void> {
    const keys = await this.deps.db.$transaction(async (tx) => {
      const found = await taskOrThrow(tx, taskId);
      await lockPaper(tx, found.paperId);
      await assertPaperEditable(tx, found.paperId);
      const keys = await itemsWithMedia(tx, { taskId });
      const items = await tx.item.count({ where: { taskId } });
      await tx.task.delete({ where: { id: taskId } });
      await audit(tx, actor, {
        action: "task.delete",
        target: `task:${taskId}`,
        details: { paperId: found.paperId, ...snapshot(found), items },
      });
      return keys;
    });
    await this.dropMedia(keys);
  }

  /** Every task of the paper's practical section, in the order given. */
  async reorder(actor: Principal, paperId: string, input: TaskOrder): Promise<TaskDetail["id"][]> {
    const body = parse(taskOrderSchema, input);
    return this.deps.db.$transaction(async (tx) => {
      await lockPaper(tx, paperId);
      await assertPaperEditable(tx, paperId);
      const tasks = await tx.task.findMany({
        where: { section: { paperId, kind: "PRACTICAL" } },
        select: { id: true, sectionId: true, position: true },
        orderBy: { position: "asc" },
      });
      const known = new Set(tasks.map((t) => t.id));
      const given = new Set(body.taskIds);
      if (
        given.size !== body.taskIds.length ||
        given.size !== known.size ||
        body.taskIds.some((id) => !known.has(id))
      )
        throw new ValidationError("Name every task of the paper once.", {
          path: "taskIds",
          tasks: tasks.map((t) => t.id),
        });
      // Two steps keep (sectionId, position) unique throughout.
      for (const [i, id] of body.taskIds.entries())
        await tx.task.update({ where: { id }, data: { position: -(i + 1) } });
      for (const [i, id] of body.taskIds.entries())
        await tx.task.update({ where: { id }, data: { position: i + 1 } });
      await audit(tx, actor, {
        action: "task.reorder",
        target: `paper:${paperId}`,
        details: { before: tasks.map((t) => t.id), after: body.taskIds },
      });
      return body.taskIds;
    });
  }

  async removeItem(actor: Principal, itemId: string): Promise<void> {
    const keys = await this.deps.db.$transaction(async (tx) => {
      const item = await tx.item.findUnique({
        where: { id: itemId },
        select: {
          taskId: true,
          position: true,
          sourceName: true,
          task: { select: { section: { select: { paperId: true } } } },
        },
      });
      if (!item) throw new NotFoundError("The item");
      const paperId = item.task.section.paperId;
      await lockPaper(tx, paperId);
      await assertPaperEditable(tx, paperId);
      const keys = await itemsWithMedia(tx, { id: itemId });
      await tx.item.delete({ where: { id: itemId } });
      await audit(tx, actor, {
        action: "item.delete",
        target: `item:${itemId}`,
        details: { paperId, taskId: item.taskId, position: item.position, sourceName: item.sourceName },
      });
      return keys;
    });
    await this.dropMedia(keys);
  }

  /** Deletes every item of the task (and their truth); answers 0 when there were none. */
  async clearItems(actor: Principal, taskId: string): Promise<number> {
    const { keys, count } = await this.deps.db.$transaction(async (tx) => {
      const found = await taskOrThrow(tx, taskId);
      await lockPaper(tx, found.paperId);
      await assertPaperEditable(tx, found.paperId);
      const keys = await itemsWithMedia(tx, { taskId });
      const { count } = await tx.item.deleteMany({ where: { taskId } });
      if (count > 0)
        await audit(tx, actor, {
          action: "task.items.clear",
          target: `task:${taskId}`,
          details: { paperId: found.paperId, items: count },
        });
      return { keys, count };
    });
    await this.dropMedia(keys);
    return count;
  }

  /** Removes the media of items whose rows are gone; a failure leaves an orphan file, never a broken item. */
  async dropMedia(itemIds: readonly string[]): Promise<void> {
    for (const itemId of itemIds)
      await deleteItemMedia(this.deps.store, itemId).catch((err) =>
        this.deps.log.warn({ err, itemId }, "item media not removed"),
      );
  }
}

function checkedSettingsOrNull(task: TaskRow): Record<string, unknown> | null {
  try {
    return checkedSettings(task.kind, task.settings);
  } catch {
    return null;
  }
}

function snapshot(t: TaskRow) {
  return {
    kind: t.kind,
    title: t.title,
    points: t.points,
    labels: t.labels.map((l) => l.id),
    settings: settingsObject(t.settings) as Record<string, never>,
  };
}
