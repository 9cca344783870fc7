// The BlobStore a process uses, from its configuration: an S3-compatible bucket when S3_ENDPOINT and
// S3_BUCKET are set, else the local disk under MEDIA_DIR. The server and the seed both build it here,
// so the demo's media land where the server reads them.
import type { Config } from "../config.ts";
import { type BlobStore, LocalDiskStore } from "./blob-store.ts";
import { S3Store } from "./s3-store.ts";

export function blobStoreOf(config: Config): BlobStore {
  if (config.S3_ENDPOINT && config.S3_BUCKET)
    return new S3Store({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      prefix: config.S3_PREFIX,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      virtualHosted: config.S3_VIRTUAL_HOSTED === "1" || config.S3_VIRTUAL_HOSTED === "true",
    });
  return new LocalDiskStore(config.MEDIA_DIR);
}
