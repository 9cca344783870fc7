// Fetches and decodes item images off the main thread, in a worker: neither the bytes nor the
// decoding then wait for the main thread (which, on a first render, is busy building the canvas).
// The worker is made from a string, so the client stays one bundle; where a worker cannot run
// (a Content-Security-Policy, say) the bytes are fetched here and still decoded off this thread.

/** Decodes the image at `width` × `height`, or at full size without them. */
export type DecodeLevel = (size?: { width: number; height: number }) => Promise<ImageBitmap>;

/** The server answered, but not with the image: there is nothing to fall back to. */
export class ImageHttpError extends Error {}

/** The bytes are not a bitmap this browser decodes (an SVG, say): an <img> element may show them. */
export class ImageNotBitmapError extends Error {}

interface Request {
  id: number;
  url: string;
  size?: { width: number; height: number };
  forget?: boolean;
}
interface Reply {
  id: number;
  bitmap?: ImageBitmap;
  error?: string;
  /** What failed: the request (an HTTP status), or the decoding of what came back. */
  failed?: "http" | "decode";
}

// The worker's whole program; it must not refer to anything outside itself.
function workerMain() {
  const bytes = new Map<string, Promise<Blob>>();
  addEventListener("message", async (e: MessageEvent<Request>) => {
    const { id, url, size, forget } = e.data;
    if (forget) {
      bytes.delete(url);
      return;
    }
    let stage: "fetch" | "decode" = "fetch";
    try {
      let blob = bytes.get(url);
      if (!blob) {
        blob = fetch(url, { credentials: "same-origin" }).then((res) => {
          if (!res.ok) throw Object.assign(new Error(`${url}: HTTP ${res.status}`), { http: true });
          return res.blob();
        });
        bytes.set(url, blob);
        blob.catch(() => bytes.delete(url));
      }
      const b = await blob;
      stage = "decode";
      const bitmap = size
        ? await createImageBitmap(b, {
            resizeWidth: size.width,
            resizeHeight: size.height,
            resizeQuality: "medium",
          })
        : await createImageBitmap(b);
      postMessage({ id, bitmap } satisfies Reply, { transfer: [bitmap] });
    } catch (err) {
      const failed = (err as { http?: boolean }).http ? "http" : stage === "decode" ? "decode" : undefined;
      postMessage({ id, error: String((err as Error).message ?? err), failed } satisfies Reply);
    }
  });
}

let worker: Worker | null | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (b: ImageBitmap) => void; reject: (e: Error) => void }>();

/** The page's image worker, made on first use; null where workers cannot run. */
function imageWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const url = URL.createObjectURL(new Blob([`(${workerMain.toString()})();`], { type: "text/javascript" }));
    worker = new Worker(url);
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      if (!p) return;
      if (e.data.bitmap) p.resolve(e.data.bitmap);
      else {
        const message = e.data.error ?? "image decoding failed";
        const failed = e.data.failed;
        p.reject(
          failed === "http"
            ? new ImageHttpError(message)
            : failed === "decode"
              ? new ImageNotBitmapError(message)
              : new Error(message),
        );
      }
    };
    // A worker refused after it was made: everything asked of it is asked again here.
    worker.onerror = () => {
      worker = null;
      for (const p of pending.values()) p.reject(new Error("image worker unavailable"));
      pending.clear();
    };
  } catch {
    worker = null;
  }
  return worker;
}

function inWorker(w: Worker, url: string, size?: { width: number; height: number }): Promise<ImageBitmap> {
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, url, size } satisfies Request);
  });
}

function onThisThread(url: string): DecodeLevel {
  let bytes: Promise<Blob> | null = null;
  return async (size) => {
    bytes ??= fetch(url, { credentials: "same-origin" }).then((res) => {
      if (!res.ok) throw new ImageHttpError(`${url}: HTTP ${res.status}`);
      return res.blob();
    });
    const b = await bytes;
    try {
      return await (size
        ? createImageBitmap(b, {
            resizeWidth: size.width,
            resizeHeight: size.height,
            resizeQuality: "medium",
          })
        : createImageBitmap(b));
    } catch (e) {
      throw new ImageNotBitmapError(String((e as Error).message ?? e));
    }
  };
}

// Started when the browser is first idle after the client loads: a worker made only when an item
// opens would start behind that item's first render (its script is loaded through the busy main
// thread) and hold the image back by a quarter of a second.
if (typeof requestIdleCallback === "function" && typeof Worker === "function")
  requestIdleCallback(() => imageWorker(), { timeout: 2000 });

/** Decodes levels of the image at `url`; `release()` lets the worker drop its bytes. */
export function imageDecoder(url: string): { decode: DecodeLevel; release: () => void } {
  const absolute = new URL(url, document.baseURI).href;
  const here = onThisThread(absolute);
  return {
    decode: async (size) => {
      const w = typeof createImageBitmap === "function" ? imageWorker() : null;
      if (!w) return here(size);
      try {
        return await inWorker(w, absolute, size);
      } catch (e) {
        if (e instanceof ImageHttpError || e instanceof ImageNotBitmapError) throw e;
        return here(size); // the worker could not fetch it (or is gone): try on this thread
      }
    },
    release: () => worker?.postMessage({ id: 0, url: absolute, forget: true } satisfies Request),
  };
}
