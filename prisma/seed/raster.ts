// Synthetic item images are drawn as SVG and stored as PNG. The SVG is only a drawing step: its
// markup holds the exact truth shapes (a <rect> whose x and width are the truth box), so a contestant
// who opened it would read the answer off it. Only the pixels leave the seed (docs/MEDIA.md).

import sharp from "sharp";
import type { Db } from "../../core/platform/db.ts";
import type { BlobStore } from "../../core/storage/blob-store.ts";
import { putItemMedia } from "../../server/exams/media-store.ts";

/** The one type a synthetic image is stored and served as. */
export const RASTER_TYPE = "image/png";

/** Rendered drawings by their SVG source: the tests build the same scenes many times over. */
const rendered = new Map<string, Promise<Buffer>>();
const MAX_CACHED = 256;

/**
 * The PNG of an SVG drawing. sharp writes no metadata unless asked to, so the PNG carries pixels
 * only, never the source markup.
 */
export function rasterize(svg: string): Promise<Buffer> {
  const cached = rendered.get(svg);
  if (cached) return cached;
  const png = sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
  png.catch(() => rendered.delete(svg));
  if (rendered.size >= MAX_CACHED) {
    const oldest = rendered.keys().next().value;
    if (oldest !== undefined) rendered.delete(oldest);
  }
  rendered.set(svg, png);
  return png;
}

/**
 * Rasterizes item media still stored as SVG by a seed from before images were rasterized, so that
 * `npm run demo` on an old database stops leaking. The PNG goes to `store` when one is given (and
 * the legacy bytes are dropped), back into Item.media otherwise. Idempotent: a second run finds
 * nothing.
 */
export async function rasterizeStoredDrawings(db: Db, store?: BlobStore): Promise<number> {
  const rows = await db.item.findMany({
    where: { mediaType: { startsWith: "image/svg" } },
    select: { id: true, media: true },
  });
  for (const row of rows) {
    const body = row.media ? await rasterize(Buffer.from(row.media).toString("utf8")) : null;
    if (body && store) {
      const stored = await putItemMedia(store, row.id, body, RASTER_TYPE);
      await db.item.update({ where: { id: row.id }, data: { ...stored, media: null } });
      continue;
    }
    await db.item.update({
      where: { id: row.id },
      data: body
        ? { mediaType: RASTER_TYPE, media: Uint8Array.from(body) }
        : { mediaType: null, mediaKey: null, mediaSize: null },
    });
  }
  return rows.length;
}
