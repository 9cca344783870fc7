// The BlobStore on an S3-compatible object store (AWS S3, MinIO, Ceph RGW), spoken with fetch and
// SigV4 (sigv4.ts): no SDK. put → PutObject, get → GetObject, stat → HeadObject, a ranged stream →
// GetObject with Range, delete → DeleteObject (docs/MEDIA.md, "An S3-compatible store").
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { type BlobStat, type BlobStore, type ByteSpan, checkKey } from "./blob-store.ts";
import { EMPTY_SHA256, type SigV4Credentials, sha256Hex, signV4, uriEncode } from "./sigv4.ts";

export interface S3StoreOptions extends SigV4Credentials {
  /** The service's base URL, e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Prepended to every key (e.g. "labelarena/"), so that one bucket can hold several stores. */
  prefix?: string;
  /** Bucket in the host name (bucket.s3…) instead of the path; AWS prefers it, MinIO needs path style. */
  virtualHosted?: boolean;
  /** For tests: the clock of the signatures. */
  now?: () => Date;
}

export class S3StoreError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class S3Store implements BlobStore {
  private readonly base: URL;

  constructor(private readonly o: S3StoreOptions) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.bucket))
      throw new Error(`not a bucket name: ${o.bucket}`);
    if (o.prefix && !/^[A-Za-z0-9_./-]*$/.test(o.prefix)) throw new Error(`not a key prefix: ${o.prefix}`);
    const base = new URL(o.endpoint);
    if (o.virtualHosted) base.hostname = `${o.bucket}.${base.hostname}`;
    this.base = base;
  }

  private urlOf(key: string): URL {
    const objectKey = `${this.o.prefix ?? ""}${checkKey(key)}`;
    const path = objectKey.split("/").map(uriEncode).join("/");
    const url = new URL(this.base);
    const root = url.pathname.replace(/\/$/, "");
    url.pathname = this.o.virtualHosted ? `${root}/${path}` : `${root}/${this.o.bucket}/${path}`;
    return url;
  }

  private async send(
    method: string,
    key: string,
    headers: Record<string, string> = {},
    body?: Uint8Array,
  ): Promise<Response> {
    const url = this.urlOf(key);
    const payloadHash = body ? sha256Hex(body) : EMPTY_SHA256;
    const signed = signV4(
      {
        method,
        url,
        headers: { ...headers, "x-amz-content-sha256": payloadHash },
        payloadHash,
        region: this.o.region,
        service: "s3",
        date: this.o.now?.() ?? new Date(),
      },
      this.o,
    );
    return fetch(url, {
      method,
      headers: signed.headers,
      ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
    });
  }

  private async fail(res: Response, what: string): Promise<never> {
    const text = await res.text().catch(() => "");
    const code = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1] ?? "";
    throw new S3StoreError(res.status, `S3 ${what}: HTTP ${res.status}${code ? ` ${code}` : ""}`);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const res = await this.send("PUT", key, { "content-type": "application/octet-stream" }, bytes);
    if (!res.ok) await this.fail(res, `put ${key}`);
    await res.body?.cancel();
  }

  async get(key: string): Promise<Buffer | null> {
    const res = await this.send("GET", key);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) await this.fail(res, `get ${key}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async stat(key: string): Promise<BlobStat | null> {
    const res = await this.send("HEAD", key);
    await res.body?.cancel();
    if (res.status === 404) return null;
    if (!res.ok) throw new S3StoreError(res.status, `S3 stat ${key}: HTTP ${res.status}`);
    const size = Number(res.headers.get("content-length"));
    if (!Number.isSafeInteger(size) || size < 0)
      throw new S3StoreError(res.status, `S3 stat ${key}: no length`);
    const modified = Date.parse(res.headers.get("last-modified") ?? "");
    return { size, modifiedMs: Number.isNaN(modified) ? 0 : modified };
  }

  async stream(key: string, span?: ByteSpan): Promise<Readable | null> {
    if (
      span &&
      (!Number.isSafeInteger(span.start) ||
        !Number.isSafeInteger(span.end) ||
        span.start < 0 ||
        span.end < span.start)
    )
      throw new Error(`not a byte span: ${span.start}-${span.end}`);
    const res = await this.send("GET", key, span ? { range: `bytes=${span.start}-${span.end}` } : {});
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    // A span that starts past the end reads nothing, as a file read there does.
    if (res.status === 416) {
      await res.body?.cancel();
      return Readable.from([]);
    }
    if (!res.ok) await this.fail(res, `read ${key}`);
    if (span && res.status !== 206) {
      // A store that ignored the range: refuse rather than send the wrong bytes.
      await res.body?.cancel();
      throw new S3StoreError(res.status, `S3 read ${key}: the range was not honoured`);
    }
    return res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  }

  async delete(key: string): Promise<void> {
    const res = await this.send("DELETE", key);
    await res.body?.cancel();
    if (!res.ok && res.status !== 404)
      throw new S3StoreError(res.status, `S3 delete ${key}: HTTP ${res.status}`);
  }
}
