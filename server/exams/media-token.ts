// Opaque media URLs for contestants: `/api/media/<token>`, where the token seals (attemptId, itemId)
// so that only the server can read it. A URL then reveals neither the item's id nor its position or
// order, nor anything of its truth, and it is worth nothing to another contestant (the route checks
// that the token's attempt is the caller's and is in progress).
//
// The sealing is deterministic (AES-256-GCM with a synthetic IV, as in SIV): the same attempt and item
// always give the same token, so a browser's cache holds across reloads of the paper, while tokens of
// different attempts or items look unrelated. Keys are derived from SESSION_SECRET; a forged or
// altered token fails GCM's tag and is treated as missing.
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from "node:crypto";

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Ids are cuids; anything longer is not one of ours. */
const MAX_ID = 64;
const MAX_TOKEN = 4 + Math.ceil(((1 + IV_BYTES + TAG_BYTES + 2 * MAX_ID + 1) * 4) / 3);

interface Keys {
  iv: Buffer;
  enc: Buffer;
}

const derived = new Map<string, Keys>();

function keysOf(secret: string): Keys {
  let keys = derived.get(secret);
  if (!keys) {
    keys = {
      iv: createHash("sha256").update(`labelarena:media-token:iv:${secret}`).digest(),
      enc: createHash("sha256").update(`labelarena:media-token:enc:${secret}`).digest(),
    };
    if (derived.size > 8) derived.clear();
    derived.set(secret, keys);
  }
  return keys;
}

export interface MediaRef {
  attemptId: string;
  itemId: string;
}

function plaintextOf(ref: MediaRef): Buffer {
  if (
    !ref.attemptId ||
    !ref.itemId ||
    ref.attemptId.length > MAX_ID ||
    ref.itemId.length > MAX_ID ||
    ref.attemptId.includes("\0") ||
    ref.itemId.includes("\0")
  )
    throw new Error("not a media reference");
  return Buffer.from(`${ref.attemptId}\0${ref.itemId}`, "utf8");
}

function syntheticIv(keys: Keys, plaintext: Buffer): Buffer {
  return createHmac("sha256", keys.iv).update(plaintext).digest().subarray(0, IV_BYTES);
}

/** The token of an item's media within an attempt (base64url, URL-safe as it is). */
export function mediaToken(secret: string, ref: MediaRef): string {
  const keys = keysOf(secret);
  const plaintext = plaintextOf(ref);
  const iv = syntheticIv(keys, plaintext);
  const cipher = createCipheriv("aes-256-gcm", keys.enc, iv);
  cipher.setAAD(Buffer.from([VERSION]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The attempt and item a token was made for, or null when it is not a token this server made. */
export function readMediaToken(secret: string, token: string): MediaRef | null {
  if (typeof token !== "string" || token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  // base64url decoding ignores stray trailing bits: insist on the canonical spelling.
  if (raw.toString("base64url") !== token) return null;
  if (raw.length <= 1 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION) return null;
  const keys = keysOf(secret);
  const iv = raw.subarray(1, 1 + IV_BYTES);
  const tag = raw.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const body = raw.subarray(1 + IV_BYTES + TAG_BYTES);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keys.enc, iv);
    decipher.setAAD(Buffer.from([VERSION]));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
  // Only the IV this plaintext gives is ours (the token is deterministic); a valid tag under another
  // IV cannot be made without the key anyway, so this is belt and braces.
  if (!timingSafeEqual(syntheticIv(keys, plaintext), iv)) return null;
  const text = plaintext.toString("utf8");
  const cut = text.indexOf("\0");
  if (cut <= 0 || cut === text.length - 1 || text.indexOf("\0", cut + 1) !== -1) return null;
  return { attemptId: text.slice(0, cut), itemId: text.slice(cut + 1) };
}

/** The contestant's URL of an item's media within their attempt. */
export const contestantMediaUrl = (secret: string, ref: MediaRef) => `/api/media/${mediaToken(secret, ref)}`;
