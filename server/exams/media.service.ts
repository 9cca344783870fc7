// Item media as the routes serve them: from the BlobStore when the item has a mediaKey, from the
// legacy bytes in PostgreSQL otherwise (older demo databases), in byte ranges either way; the
// thumbnails staff see in the task editor; and the access rules (docs/MEDIA.md).
import { Readable } from "node:stream";
import sharp from "sharp";
import { NotFoundError, UnsupportedMediaTypeError } from "../../core/errors.ts";
import type { Db } from "../../core/platform/db.ts";
import type { Logger } from "../../core/platform/logger.ts";
import type { BlobStore, ByteSpan } from "../../core/storage/blob-store.ts";
import type { Principal } from "../auth/principal.ts";
import { THUMB_WIDTHS, type ThumbWidth, thumbKey } from "./media-store.ts";
import { readMediaToken } from "./media-token.ts";
import { MEDIA_HEAD_BYTES, servableMedia } from "./media-type.ts";

/** What a media route sends: the type, the size, and a reader of any byte span. */
export interface MediaBody {
  type: string;
  size: number;
  /** A strong validator of the bytes, when one is known cheaply. */
  etag?: string;
  /** A stream of bytes span.start..span.end (inclusive), or of the whole body. */
  open(span?: ByteSpan): Promise<Readable>;
}

interface MediaRow {
  type: string | null;
  key: string | null;
  /** The legacy bytes' length (null: none in PostgreSQL). */
  legacySize: number | null;
  legacyHead: Uint8Array | null;
  paperId: string;
}

/** Thumbnails are only made of these. */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);
/** Larger sources are not decoded for a thumbnail (about a 10,000 × 10,000 image). */
const MAX_THUMB_SOURCE_PIXELS = 100_000_000;

/** `w` snapped up to the next thumbnail width (the largest when above it). */
export function snapThumbWidth(w: number): ThumbWidth {
  return THUMB_WIDTHS.find((t) => t >= w) ?? 640;
}

export class MediaService {
  /** Thumbnails being made, by key: concurrent requests for one wait for the same work. */
  private readonly making = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly store: BlobStore,
    private readonly secret: string,
    private readonly log: Logger,
  ) {}

  /**
   * An item's media by its id (the staff's URL): staff always; a contestant only while an attempt
   * of theirs at the item's paper is in progress.
   */
  async byItem(p: Principal, itemId: string, staff: boolean): Promise<MediaBody> {
    const row = await this.row(itemId);
    if (!staff) await this.requireOpenAttemptAt(p, row.paperId);
    return this.body(itemId, row);
  }

  /**
   * An item's media by a contestant's token (media-token.ts): only the attempt's own contestant,
   * only while it is in progress, only an item of its paper. Anything else is a 404, as is a token
   * this server did not make.
   */
  async byToken(p: Principal, token: string): Promise<MediaBody> {
    const ref = readMediaToken(this.secret, token);
    if (!ref) throw new NotFoundError("The media");
    const attempt = await this.db.attempt.findUnique({
      where: { id: ref.attemptId },
      select: {
        status: true,
        contestant: { select: { userId: true } },
        examSession: { select: { paperId: true } },
      },
    });
    if (!attempt || attempt.contestant.userId !== p.userId || attempt.status !== "IN_PROGRESS")
      throw new NotFoundError("The media");
    const row = await this.row(ref.itemId, "The media");
    if (row.paperId !== attempt.examSession.paperId) throw new NotFoundError("The media");
    return this.body(ref.itemId, row);
  }

  /**
   * A thumbnail of an image item, at most `w` × `w` pixels (never enlarged), WebP; made once and
   * kept in the store under thumbs/<itemId>/<w>.webp. Same access as byItem.
   */
  async thumb(p: Principal, itemId: string, staff: boolean, w: ThumbWidth): Promise<MediaBody> {
    const row = await this.row(itemId);
    if (!staff) await this.requireOpenAttemptAt(p, row.paperId);
    const source = await this.body(itemId, row);
    if (!IMAGE_TYPES.has(source.type)) throw new NotFoundError("A thumbnail of this item (not an image)");
    const key = thumbKey(itemId, w);
    let made = await this.store.stat(key);
    const sourceStat = row.key ? await this.store.stat(row.key) : null;
    // A thumbnail older than the media it shows is made again (putItemMedia also drops them).
    if (!made || (sourceStat && made.modifiedMs < sourceStat.modifiedMs)) {
      await this.makeThumb(key, source, w);
      made = await this.store.stat(key);
      if (!made) throw new NotFoundError("The item's thumbnail");
    }
    const size = made.size;
    return {
      type: "image/webp",
      size,
      etag: `"t${w}-${size.toString(36)}-${made.modifiedMs.toString(36)}"`,
      open: async (span) => {
        const s = await this.store.stream(key, span);
        if (!s) throw new NotFoundError("The item's thumbnail");
        return s;
      },
    };
  }

  private makeThumb(key: string, source: MediaBody, w: ThumbWidth): Promise<void> {
    let pending = this.making.get(key);
    if (!pending) {
      pending = (async () => {
        const bytes = await readAll(await source.open());
        let webp: Buffer;
        try {
          webp = await sharp(bytes, { limitInputPixels: MAX_THUMB_SOURCE_PIXELS })
            .rotate()
            .resize({ width: w, height: w, fit: "inside", withoutEnlargement: true })
            .webp({ quality: 78 })
            .toBuffer();
        } catch (err) {
          this.log.warn({ key, err: String(err) }, "thumbnail not made: the image does not decode");
          throw new UnsupportedMediaTypeError("The item's image does not decode; it has no thumbnail.");
        }
        await this.store.put(key, webp);
      })().finally(() => this.making.delete(key));
      this.making.set(key, pending);
    }
    return pending;
  }

  private async requireOpenAttemptAt(p: Principal, paperId: string): Promise<void> {
    const open = await this.db.attempt.count({
      where: { contestant: { userId: p.userId }, status: "IN_PROGRESS", examSession: { paperId } },
    });
    // A contestant reaches the media only during an attempt in progress: the questions stay
    // confidential before it starts, and a submitted paper cannot be re-read to pass it on to a
    // later sitting of the same paper.
    if (open === 0) throw new NotFoundError("The item's media");
  }

  private async row(itemId: string, what = "The item's media"): Promise<MediaRow> {
    const rows = await this.db.$queryRaw<MediaRow[]>`
      SELECT i."mediaType" AS type, i."mediaKey" AS key, octet_length(i.media)::int AS "legacySize",
        substring(i.media FROM 1 FOR ${MEDIA_HEAD_BYTES}::int) AS "legacyHead", s."paperId"
      FROM "Item" i JOIN "Task" t ON t.id = i."taskId" JOIN "Section" s ON s.id = t."sectionId"
      WHERE i.id = ${itemId}`;
    const row = rows[0];
    if (!row?.type || (row.key === null && row.legacySize === null)) throw new NotFoundError(what);
    return row;
  }

  /**
   * The bytes of an item's media, checked: only raster images and audio whose leading bytes match
   * their type are served (media-type.ts). A row holding an SVG, whose markup draws the truth (issue
   * 11), is refused with 415 UNSUPPORTED_MEDIA_TYPE rather than 404, so that a stale row shows up as
   * what it is; the refusal comes after the access check, so it tells nobody more than a 404 would.
   */
  private async body(itemId: string, row: MediaRow): Promise<MediaBody> {
    const storedType = row.type ?? "";
    if (row.key) {
      const stat = await this.store.stat(row.key);
      if (stat) {
        const key = row.key;
        const head =
          stat.size > 0
            ? await this.readStore(key, { start: 0, end: Math.min(stat.size, MEDIA_HEAD_BYTES) - 1 })
            : Buffer.alloc(0);
        const type = this.servable(storedType, head);
        return {
          type,
          size: stat.size,
          etag: `"m-${stat.size.toString(36)}-${stat.modifiedMs.toString(36)}"`,
          open: async (span) => {
            const s = await this.store.stream(key, span);
            if (!s) throw new NotFoundError("The item's media");
            return s;
          },
        };
      }
      // The row names a file the store does not have (a store folder lost or not copied along).
      this.log.warn({ itemId, key: row.key }, "item media missing from the store");
      if (row.legacySize === null) throw new NotFoundError("The item's media");
    }
    const size = row.legacySize ?? 0;
    const type = this.servable(storedType, Buffer.from(row.legacyHead ?? []));
    return {
      type,
      size,
      open: async (span) => {
        const { start, end } = span ?? { start: 0, end: size - 1 };
        if (end < start) return Readable.from([]);
        // PostgreSQL slices the bytes itself: a seek in a long recording does not load the whole file.
        const chunk = await this.db.$queryRaw<{ bytes: Uint8Array | null }[]>`
          SELECT substring(media FROM ${start + 1}::int FOR ${end - start + 1}::int) AS bytes
          FROM "Item" WHERE id = ${itemId}`;
        const bytes = chunk[0]?.bytes;
        if (!bytes) throw new NotFoundError("The item's media");
        return Readable.from([Buffer.from(bytes)]);
      },
    };
  }

  private servable(storedType: string, head: Buffer): string {
    const type = servableMedia(storedType, head);
    if (!type)
      throw new UnsupportedMediaTypeError(
        "The item's media is not a raster image or audio and is not served.",
        {
          storedType,
        },
      );
    return type;
  }

  private async readStore(key: string, span: ByteSpan): Promise<Buffer> {
    const s = await this.store.stream(key, span);
    if (!s) throw new NotFoundError("The item's media");
    return readAll(s);
  }
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of s) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
