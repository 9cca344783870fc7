// The public registration API: no session cookie, the applicant's access code in X-Registration-Code.
import type {
  ApplyResult,
  ErrorCode,
  EvidenceKind,
  EvidenceView,
  OpenStage,
  RegistrationRequest,
  RegistrationView,
} from "../../../protocol/index.ts";
import { REGISTRATION_CODE_HEADER } from "../../../protocol/index.ts";
import { ApiError } from "./api.ts";

const CODE_KEY = "labelarena.apply.accessCode";

/** The access code kept in this browser for convenience (it is also shown to be written down). */
export const storedCode = {
  get(): string {
    try {
      return window.localStorage.getItem(CODE_KEY) ?? "";
    } catch {
      return "";
    }
  },
  set(code: string): void {
    try {
      window.localStorage.setItem(CODE_KEY, code);
    } catch {
      // storage may be disabled: the applicant has the code written down
    }
  },
  clear(): void {
    try {
      window.localStorage.removeItem(CODE_KEY);
    } catch {
      // nothing kept
    }
  },
};

interface Options {
  code?: string;
  json?: unknown;
  /** A raw body (an evidence file), sent as it is. */
  raw?: Blob;
}

async function send(method: string, path: string, opts: Options = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.code) headers[REGISTRATION_CODE_HEADER] = opts.code;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.raw) {
    headers["Content-Type"] = opts.raw.type || "application/octet-stream";
    body = opts.raw;
  }
  try {
    return await fetch(`/api${path}`, { method, headers, body, credentials: "omit" });
  } catch (e) {
    throw new ApiError("NETWORK", e instanceof Error ? e.message : "Network error", 0);
  }
}

async function failure(res: Response): Promise<ApiError> {
  try {
    const json = (await res.json()) as { error?: { code: ErrorCode; message: string; details?: unknown } };
    if (json?.error) return new ApiError(json.error.code, json.error.message, res.status, json.error.details);
  } catch {
    // not JSON: a proxy's page
  }
  if (res.status === 413) return new ApiError("PAYLOAD_TOO_LARGE", "Payload too large", 413);
  if (res.status === 415) return new ApiError("UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", 415);
  return new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
}

async function call<T>(method: string, path: string, opts?: Options): Promise<T> {
  const res = await send(method, path, opts);
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return undefined as T;
  try {
    return ((await res.json()) as { data: T }).data;
  } catch {
    throw new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
  }
}

export const applyApi = {
  open: () => call<OpenStage[]>("GET", "/apply/open"),
  apply: (body: RegistrationRequest) => call<ApplyResult>("POST", "/apply", { json: body }),
  me: (code: string) => call<RegistrationView>("GET", "/apply/me", { code }),
  resubmit: (code: string, body: RegistrationRequest) =>
    call<RegistrationView>("PUT", "/apply/me", { code, json: body }),
  withdraw: (code: string) => call<unknown>("POST", "/apply/me/withdraw", { code, json: {} }),
  upload: (code: string, kind: EvidenceKind, file: File) =>
    call<EvidenceView>(
      "POST",
      `/apply/me/evidence?kind=${encodeURIComponent(kind)}&name=${encodeURIComponent(file.name)}`,
      { code, raw: file },
    ),
  deleteEvidence: (code: string, id: string) =>
    call<unknown>("DELETE", `/apply/me/evidence/${encodeURIComponent(id)}`, { code }),
  /** The file's bytes: a plain link cannot carry the access code header. */
  async downloadEvidence(code: string, id: string): Promise<Blob> {
    const res = await send("GET", `/apply/me/evidence/${encodeURIComponent(id)}`, { code });
    if (!res.ok) throw await failure(res);
    return res.blob();
  },
};
