// The S3 store against a small S3-speaking server in this process: it keeps objects in memory,
// answers ranges as S3 does, and checks every request's SigV4 signature over the headers as they
// arrived on the wire (so a header fetch changes or drops after signing shows up as a 403). The
// signing itself is checked against AWS's published examples in sigv4.test.ts.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Store, S3StoreError } from "./s3-store.ts";
import { sha256Hex, signV4 } from "./sigv4.ts";

const CREDS = { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret-key" };
const objects = new Map<string, { bytes: Buffer; at: Date }>();
const seen: { method: string; path: string; range?: string }[] = [];
let server: Server;
let endpoint: string;

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Whether the request carries a valid signature of what actually arrived. */
function verified(req: IncomingMessage, payload: Buffer): boolean {
  const auth = req.headers.authorization ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!m || m[1] !== CREDS.accessKeyId) return false;
  const hash = String(req.headers["x-amz-content-sha256"] ?? "");
  if (hash !== sha256Hex(payload)) return false;
  const names = (m[4] ?? "").split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return false;
  const headers: Record<string, string> = {};
  for (const n of names) if (n !== "host" && n !== "x-amz-date") headers[n] = String(req.headers[n] ?? "");
  const stamp = String(req.headers["x-amz-date"] ?? "");
  const date = new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
  );
  const again = signV4(
    {
      method: req.method ?? "",
      url: new URL(`http://${req.headers.host}${req.url}`),
      headers,
      payloadHash: hash,
      region: m[3] ?? "",
      service: "s3",
      date,
    },
    CREDS,
  );
  return again.signature === m[5];
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const payload = await body(req);
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    seen.push({ method: req.method ?? "", path, ...(req.headers.range ? { range: req.headers.range } : {}) });
    if (!verified(req, payload)) {
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
      return;
    }
    const obj = objects.get(path);
    if (req.method === "PUT") {
      objects.set(path, { bytes: payload, at: new Date() });
      res.writeHead(200).end();
      return;
    }
    if (req.method === "DELETE") {
      objects.delete(path);
      res.writeHead(204).end();
      return;
    }
    if (!obj) {
      res.writeHead(404, { "content-type": "application/xml" });
      res.end(req.method === "HEAD" ? undefined : "<Error><Code>NoSuchKey</Code></Error>");
      return;
    }
    const common = { "last-modified": obj.at.toUTCString(), "accept-ranges": "bytes" };
    const r = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (r && req.method === "GET") {
      const start = Number(r[1]);
      const end = Math.min(Number(r[2]), obj.bytes.length - 1);
      if (start >= obj.bytes.length) {
        res.writeHead(416, { "content-range": `bytes */${obj.bytes.length}` }).end();
        return;
      }
      res.writeHead(206, {
        ...common,
        "content-length": end - start + 1,
        "content-range": `bytes ${start}-${end}/${obj.bytes.length}`,
      });
      res.end(obj.bytes.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { ...common, "content-length": obj.bytes.length });
    res.end(req.method === "HEAD" ? undefined : obj.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function readAll(s: Readable | null): Promise<Buffer> {
  if (!s) throw new Error("no stream");
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

const store = () => new S3Store({ endpoint, region: "us-east-1", bucket: "media", prefix: "la/", ...CREDS });
const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

describe("S3Store", () => {
  it("puts, stats, gets and streams whole, under bucket/prefix/key", async () => {
    const s = store();
    await s.put("items/abc/media", bytes);
    expect(seen.at(-1)).toEqual({ method: "PUT", path: "/media/la/items/abc/media" });
    const stat = await s.stat("items/abc/media");
    expect(stat?.size).toBe(5000);
    expect(stat?.modifiedMs).toBeGreaterThan(0);
    expect(await s.get("items/abc/media")).toEqual(bytes);
    expect(await readAll(await s.stream("items/abc/media"))).toEqual(bytes);
  });

  it("streams byte spans with a Range header, clipped to the object", async () => {
    const s = store();
    expect(await readAll(await s.stream("items/abc/media", { start: 100, end: 199 }))).toEqual(
      bytes.subarray(100, 200),
    );
    expect(seen.at(-1)?.range).toBe("bytes=100-199");
    expect(await readAll(await s.stream("items/abc/media", { start: 4990, end: 9999 }))).toEqual(
      bytes.subarray(4990),
    );
    expect(await readAll(await s.stream("items/abc/media", { start: 6000, end: 6001 }))).toEqual(
      Buffer.alloc(0),
    );
    await expect(s.stream("items/abc/media", { start: 3, end: 2 })).rejects.toThrow(/not a byte span/);
  });

  it("answers null for a missing object, and deletes idempotently", async () => {
    const s = store();
    expect(await s.stat("items/none/media")).toBeNull();
    expect(await s.get("items/none/media")).toBeNull();
    expect(await s.stream("items/none/media", { start: 0, end: 1 })).toBeNull();
    await s.put("thumbs/abc/96.webp", Buffer.from("x"));
    await s.delete("thumbs/abc/96.webp");
    await s.delete("thumbs/abc/96.webp");
    expect(await s.stat("thumbs/abc/96.webp")).toBeNull();
  });

  it("fails loudly with a wrong secret, and refuses keys that are not the server's", async () => {
    const wrong = new S3Store({
      endpoint,
      region: "us-east-1",
      bucket: "media",
      ...CREDS,
      secretAccessKey: "nope",
    });
    const err = await wrong.get("items/abc/media").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3StoreError);
    expect((err as S3StoreError).status).toBe(403);
    expect((err as Error).message).toContain("SignatureDoesNotMatch");
    await expect(store().get("../x")).rejects.toThrow(/not a storage key/);
    expect(() => new S3Store({ endpoint, region: "us-east-1", bucket: "Bad_Bucket", ...CREDS })).toThrow(
      /bucket/,
    );
  });
});
