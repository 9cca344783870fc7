// Where an item's media (image or recording) is written: the BlobStore, under a key the server
// makes from the item's id. The authoring import, the demo seed and the tests all write through
// putItemMedia, so what lands in the store is always something the media route will serve: a raster
// image or audio whose bytes match its type (media-type.ts), never markup (docs/MEDIA.md).
import { UnsupportedMediaTypeError } from "../../core/errors.ts";
import { type BlobStore, checkKey } from "../../core/storage/blob-store.ts";
import { servableMedia } from "./media-type.ts";

/** The widths thumbnails are made at; a requested width is snapped up to the next of these. */
export const THUMB_WIDTHS = [96, 160, 320, 640] as const;
export type ThumbWidth = (typeof THUMB_WIDTHS)[number];

/** The key of an item's media in the store. */
export const itemMediaKey = (itemId: string) => checkKey(`items/${itemId}/media`);

/** The key of an item's cached thumbnail of width `w`. */
export const thumbKey = (itemId: string, w: ThumbWidth) => checkKey(`thumbs/${itemId}/${w}.webp`);

/** What the Item row records of media written by putItemMedia. */
export interface StoredItemMedia {
  mediaKey: string;
  mediaSize: number;
  /** The type the media will be served as (normalised: "image/png", "audio/wav", ...). */
  mediaType: string;
}

/**
 * Writes an item's media to the store and returns the Item columns to set (`mediaKey`, `mediaSize`,
 * `mediaType`; set `media: null` too when replacing legacy bytes). Refuses, with 415
 * UNSUPPORTED_MEDIA_TYPE and nothing written, anything that is not a raster image (PNG, JPEG, WebP)
 * or audio (WAV, MP3, Ogg) whose leading bytes match `type`: an SVG's markup can draw the truth.
 * Replacing an item's media drops its cached thumbnails.
 */
export async function putItemMedia(
  store: BlobStore,
  itemId: string,
  bytes: Uint8Array,
  type: string,
): Promise<StoredItemMedia> {
  const mediaType = servableMedia(
    type,
    Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 16)),
  );
  if (!mediaType)
    throw new UnsupportedMediaTypeError(
      "Item media must be a PNG, JPEG or WebP image or WAV, MP3 or Ogg audio whose bytes match its type.",
      { type },
    );
  const mediaKey = itemMediaKey(itemId);
  await store.put(mediaKey, bytes);
  await dropThumbs(store, itemId);
  return { mediaKey, mediaSize: bytes.length, mediaType };
}

/** Removes an item's media and thumbnails from the store (for an item being deleted). */
export async function deleteItemMedia(store: BlobStore, itemId: string): Promise<void> {
  await store.delete(itemMediaKey(itemId));
  await dropThumbs(store, itemId);
}

async function dropThumbs(store: BlobStore, itemId: string): Promise<void> {
  await Promise.all(THUMB_WIDTHS.map((w) => store.delete(thumbKey(itemId, w))));
}
