// What a contestant receives of a task and its items: whitelisted fields per kind, never the truth,
// never scoring settings. Payloads were written by the paper's author; anything unexpected in them
// is left out rather than passed through.
import {
  type ItemView,
  isImageTask,
  type TableData,
  type TaskKind,
  type TaskOptions,
  taskOptionsSchema,
} from "../../protocol/index.ts";

/** The tool options of a task's settings (multiLabel, allowOverlap, skeleton, limits), nothing else. */
export function publicTaskOptions(settings: unknown): TaskOptions {
  const s = (settings ?? {}) as Record<string, unknown>;
  const picked = taskOptionsSchema.safeParse({
    multiLabel: s.multiLabel,
    allowOverlap: s.allowOverlap,
    skeleton: s.skeleton,
    maxShapes: s.maxShapes,
    maxVertices: s.maxVertices,
  });
  return picked.success ? picked.data : {};
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x ?? "")) : []);

/** Where staff fetch an item's media (image or recording); contestants get opaque URLs instead. */
export const mediaUrl = (itemId: string) => `/api/items/${itemId}/media`;

/** Where staff fetch a thumbnail of an image item, at most `w` pixels wide and high. */
export const thumbUrl = (itemId: string, w: number) => `/api/items/${itemId}/thumb?w=${w}`;

/**
 * The contestant's view of an item. `url` is where its image or recording is fetched: for a
 * contestant an opaque token URL (media-token.ts) that names neither the item nor its position.
 */
export function itemView(
  kind: TaskKind,
  item: { id: string; position: number; payload: unknown; mediaType?: string | null },
  url: string,
): ItemView {
  const payload = (item.payload ?? {}) as Record<string, unknown>;
  const view: ItemView = { id: item.id, position: item.position, width: 0, height: 0, imageUrl: "" };
  if (isImageTask(kind)) {
    view.width = num(payload.width);
    view.height = num(payload.height);
    view.imageUrl = url;
  }
  if (kind === "TEXT_SPANS" || kind === "TEXT_CLASSIFICATION")
    view.text = typeof payload.text === "string" ? payload.text : "";
  if (kind === "TRANSCRIPTION") view.audio = { url, durationMs: num(payload.durationMs) };
  if (kind === "TABLE") {
    const table: TableData = {
      header: strings(payload.header),
      rows: Array.isArray(payload.rows) ? payload.rows.map(strings) : [],
    };
    view.table = table;
  }
  return view;
}
