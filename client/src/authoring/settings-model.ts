// The task settings form, generated from the kind's strict schema (protocol/task-settings.ts): one
// field per key the schema knows (numbers, switches, choices, text; arrays and objects as JSON), the
// text typed turned into the value the schema checks — never repaired: "0.5x" stays a string, so the
// schema says it is not a number — and the schema's issues by key, unknown keys included.
import type { ZodType } from "zod";
import type { TaskKind } from "../../../protocol/annotations.ts";
import { taskSettingsSchemas } from "../../../protocol/task-settings.ts";

interface FieldBase {
  key: string;
  /** The value the scorer uses when the key is left out, if the schema has one. */
  defaultValue?: unknown;
}
export type SettingField =
  | (FieldBase & { type: "number"; int: boolean; min?: number; max?: number })
  | (FieldBase & { type: "boolean" })
  | (FieldBase & { type: "enum"; options: string[] })
  | (FieldBase & { type: "string" })
  /** Arrays and objects (a skeleton, sigmas): edited as JSON. */
  | (FieldBase & { type: "json" });

interface Introspected {
  def: { type: string; innerType?: Introspected; defaultValue?: unknown };
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  options?: unknown[];
  shape?: Record<string, Introspected>;
}

/** The fields of a kind's settings, in the schema's order. */
export function settingFields(kind: TaskKind): SettingField[] {
  const schema = taskSettingsSchemas[kind] as unknown as Introspected;
  return Object.entries(schema.shape ?? {}).map(([key, s]) => fieldOf(key, s));
}

function fieldOf(key: string, schema: Introspected): SettingField {
  let s = schema;
  let defaultValue: unknown;
  let hasDefault = false;
  for (;;) {
    if (s.def.type === "default" && s.def.innerType) {
      defaultValue = s.def.defaultValue;
      hasDefault = true;
      s = s.def.innerType;
    } else if ((s.def.type === "optional" || s.def.type === "nullable") && s.def.innerType)
      s = s.def.innerType;
    else break;
  }
  const base: FieldBase = hasDefault ? { key, defaultValue } : { key };
  switch (s.def.type) {
    case "number": {
      const out: SettingField = { ...base, type: "number", int: s.isInt === true };
      if (typeof s.minValue === "number" && Number.isFinite(s.minValue)) out.min = s.minValue;
      if (typeof s.maxValue === "number" && Number.isFinite(s.maxValue)) out.max = s.maxValue;
      return out;
    }
    case "boolean":
      return { ...base, type: "boolean" };
    case "enum":
      return { ...base, type: "enum", options: (s.options ?? []).map(String) };
    case "string":
      return { ...base, type: "string" };
    default:
      return { ...base, type: "json" };
  }
}

/** What a field's input shows for a stored value ("" when the key is left out). */
export function fieldText(field: SettingField, value: unknown): string {
  if (value === undefined) return "";
  if (field.type === "json") return JSON.stringify(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  return JSON.stringify(value);
}

/**
 * The value typed into a field: undefined (leave the key out, the default applies) for "", a number
 * for number text, true/false for switches, parsed JSON for JSON fields. What does not read as the
 * field's type is kept as typed, so the schema refuses it by name instead of a default replacing it.
 */
export function parseFieldText(field: SettingField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  switch (field.type) {
    case "number": {
      const n = Number(trimmed);
      return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed) && Number.isFinite(n) ? n : text;
    }
    case "boolean":
      return trimmed === "true" ? true : trimmed === "false" ? false : text;
    case "json":
      try {
        return JSON.parse(trimmed);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** The settings with one key set to the field's value (or left out when it is undefined). */
export function withField(
  settings: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const next = { ...settings };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/**
 * The schema's issues by key, or null when the settings are valid. Unknown keys are reported under
 * their own names (and under "" with the schema's message); issues of the whole object under "".
 */
export function settingsIssues(kind: TaskKind, settings: unknown): Record<string, string> | null {
  const parsed = (taskSettingsSchemas[kind] as ZodType).safeParse(settings ?? {});
  if (parsed.success) return null;
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const keys =
      issue.code === "unrecognized_keys" && issue.path.length === 0 ? [...issue.keys, ""] : [issue.path[0]];
    for (const k of keys) {
      const key = k === undefined ? "" : String(k);
      const where = issue.path.length > 1 ? `${issue.path.slice(1).join(".")}: ` : "";
      if (!(key in out)) out[key] = `${where}${issue.message}`;
    }
  }
  return out;
}

/** The settings with every default filled in (what the scorer reads), or null while invalid. */
export function effectiveSettings(kind: TaskKind, settings: unknown): Record<string, unknown> | null {
  const parsed = (taskSettingsSchemas[kind] as ZodType).safeParse(settings ?? {});
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}

/**
 * The advanced view's text read back: the settings object, or the reason it is not one (not JSON,
 * or JSON that is not an object).
 */
export function parseSettingsJson(
  text: string,
): { ok: true; settings: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { ok: false, error: "The settings are a JSON object { … }." };
  return { ok: true, settings: value as Record<string, unknown> };
}
