import { describe, expect, it } from "vitest";
import { TASK_KINDS } from "../../../protocol/annotations.ts";
import { taskSettingsSchemas } from "../../../protocol/task-settings.ts";
import {
  effectiveSettings,
  fieldText,
  parseFieldText,
  parseSettingsJson,
  settingFields,
  settingsIssues,
  withField,
} from "./settings-model.ts";

describe("the settings form model", () => {
  it("has one field per key of every kind's schema, typed as the schema types it", () => {
    for (const kind of TASK_KINDS) {
      const keys = Object.keys((taskSettingsSchemas[kind] as unknown as { shape: object }).shape);
      expect(settingFields(kind).map((f) => f.key)).toEqual(keys);
    }
    const boxes = settingFields("BOXES");
    expect(boxes.find((f) => f.key === "iouThreshold")).toMatchObject({
      type: "number",
      int: false,
      defaultValue: 0.5,
      max: 1,
    });
    expect(boxes.find((f) => f.key === "credit")).toMatchObject({
      type: "enum",
      options: ["f1@iou", "coco-mean", "iou-weighted"],
      defaultValue: "coco-mean",
    });
    expect(boxes.find((f) => f.key === "maxShapes")).toMatchObject({ type: "number", int: true, min: 1 });
    expect(settingFields("KEYPOINTS").find((f) => f.key === "skeleton")?.type).toBe("json");
    expect(settingFields("KEYPOINTS").find((f) => f.key === "sigmas")?.type).toBe("json");
    expect(settingFields("TEXT_SPANS").find((f) => f.key === "allowOverlap")?.type).toBe("boolean");
    expect(settingFields("TABLE").find((f) => f.key === "key")?.type).toBe("string");
  });

  it("reads typed text as the schema's type, and keeps a typo for the schema to refuse", () => {
    const [iou] = settingFields("BOXES");
    if (!iou) throw new Error("no field");
    expect(parseFieldText(iou, "0.75")).toBe(0.75);
    expect(parseFieldText(iou, "")).toBeUndefined();
    expect(parseFieldText(iou, "0.5x")).toBe("0.5x");
    const settings = withField({}, "iouThreshold", parseFieldText(iou, "0.5x"));
    expect(settingsIssues("BOXES", settings)?.iouThreshold).toMatch(/number/);
    expect(settingsIssues("BOXES", withField(settings, "iouThreshold", 1.5))?.iouThreshold).toBeTruthy();
    expect(settingsIssues("BOXES", withField(settings, "iouThreshold", undefined))).toBeNull();
    const multi = settingFields("IMAGE_CLASSIFICATION")[0];
    if (!multi) throw new Error("no field");
    expect(parseFieldText(multi, "true")).toBe(true);
    expect(fieldText(multi, false)).toBe("false");
    const sk = settingFields("KEYPOINTS").find((f) => f.key === "sigmas");
    if (!sk) throw new Error("no field");
    expect(parseFieldText(sk, "[0.1, 0.2]")).toEqual([0.1, 0.2]);
    expect(fieldText(sk, [0.1, 0.2])).toBe("[0.1,0.2]");
    expect(settingsIssues("KEYPOINTS", { sigmas: parseFieldText(sk, "[0.1,") })?.sigmas).toBeTruthy();
  });

  it("names an unknown key (a typo is an error, never a silent default) and fills defaults when valid", () => {
    const issues = settingsIssues("BOXES", { iouThreshhold: 0.6 });
    expect(issues?.iouThreshhold).toMatch(/iouThreshhold|Unrecognized/);
    expect(issues?.[""]).toBeTruthy();
    expect(settingsIssues("KEYPOINTS", { credit: "f1@iou" })?.credit).toBeTruthy();
    expect(effectiveSettings("BOXES", {})).toEqual({ iouThreshold: 0.5, credit: "coco-mean" });
    expect(effectiveSettings("BOXES", { nope: 1 })).toBeNull();
    expect(effectiveSettings("TRANSCRIPTION", null)).toEqual({ cerIgnoreSpace: true });
  });

  it("reads the advanced JSON view", () => {
    expect(parseSettingsJson('{"radius": 4}')).toEqual({ ok: true, settings: { radius: 4 } });
    expect(parseSettingsJson("")).toEqual({ ok: true, settings: {} });
    expect(parseSettingsJson("[1]").ok).toBe(false);
    expect(parseSettingsJson("{radius: 4}").ok).toBe(false);
  });
});
