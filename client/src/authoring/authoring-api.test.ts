import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api.ts";
import { importQuery, refusedRows } from "./authoring-api.ts";

describe("the dataset import's request and refusal", () => {
  it("sends only the flags that are set", () => {
    expect(
      importQuery({ format: "coco", name: "a b.zip", dryRun: true, replace: false, addLabels: false }),
    ).toBe("format=coco&name=a+b.zip&dryRun=1");
    expect(
      importQuery({ format: "yolo", name: "x.zip", dryRun: false, replace: true, addLabels: true }),
    ).toBe("format=yolo&name=x.zip&replace=1&addLabels=1");
  });

  it("reads the report rows of a refusal, and nothing else", () => {
    const rows = [{ where: "a.json › images[0]", outcome: "refused", problems: ["missing file"] }];
    expect(refusedRows(new ApiError("IMPORT_REJECTED", "no", 422, { rows }))).toEqual(rows);
    expect(refusedRows(new ApiError("IMPORT_REJECTED", "no", 422, { entry: "../x" }))).toBeNull();
    expect(refusedRows(new ApiError("IMPORT_REJECTED", "no", 422, { rows: [1, { where: 2 }] }))).toEqual([]);
    expect(refusedRows(new Error("x"))).toBeNull();
  });
});
