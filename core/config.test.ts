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
});
