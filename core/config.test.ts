import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  describe("ALLOWED_ORIGINS", () => {
    it("is empty by default: the app's own origin only", () => {
      expect(loadConfig({}).ALLOWED_ORIGINS).toEqual([]);
      expect(loadConfig({ ALLOWED_ORIGINS: " " }).ALLOWED_ORIGINS).toEqual([]);
    });

    it("takes a comma-separated list and normalises each origin", () => {
      expect(
        loadConfig({
          ALLOWED_ORIGINS: "https://Admin.Example.org, http://10.0.0.5:8080/ ,https://x.example:443",
        }).ALLOWED_ORIGINS,
      ).toEqual(["https://admin.example.org", "http://10.0.0.5:8080", "https://x.example"]);
    });

    it.each(["admin.example.org", "https://admin.example.org/path", "ftp://files.example", "null"])(
      "refuses %s, which is no origin",
      (value) => {
        expect(() => loadConfig({ ALLOWED_ORIGINS: value })).toThrow(ConfigError);
      },
    );
  });

  describe("the media store", () => {
    it("is the local disk unless an S3 endpoint and bucket are both set", async () => {
      const { blobStoreOf } = await import("./storage/store-of.ts");
      const { LocalDiskStore } = await import("./storage/blob-store.ts");
      const { S3Store } = await import("./storage/s3-store.ts");
      expect(blobStoreOf(loadConfig({}))).toBeInstanceOf(LocalDiskStore);
      expect(blobStoreOf(loadConfig({ S3_ENDPOINT: "", S3_BUCKET: "" }))).toBeInstanceOf(LocalDiskStore);
      const s3 = loadConfig({ S3_ENDPOINT: "http://127.0.0.1:9000", S3_BUCKET: "labelarena-media" });
      expect(blobStoreOf(s3)).toBeInstanceOf(S3Store);
    });

    it.each([{ S3_ENDPOINT: "http://127.0.0.1:9000" }, { S3_BUCKET: "labelarena-media" }])(
      "refuses half an S3 setting (%o)",
      (env) => {
        expect(() => loadConfig(env)).toThrow(ConfigError);
      },
    );
  });
});
