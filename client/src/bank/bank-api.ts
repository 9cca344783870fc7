// Typed wrappers for the question bank's routes (protocol/bank.ts): import, list, topics, the theory
// section of a paper.
import type {
  BankDeleteResult,
  BankImportReport,
  BankList,
  BankTopic,
  TheoryAssembly,
  TheorySection,
} from "../../../protocol/bank.ts";
import type { ErrorCode } from "../../../protocol/index.ts";
import { ApiError, request } from "../lib/api.ts";

const e = encodeURIComponent;

export interface BankQuery {
  kind?: string;
  topic?: string;
  q?: string;
  offset?: number;
  limit?: number;
}

function query(params: Record<string, string | number | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  const q = s.toString();
  return q ? `?${q}` : "";
}

/** Sends a file as the raw request body, with the same error handling as request(). */
async function upload<T>(path: string, file: Blob): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": file.type || "application/octet-stream", Accept: "application/json" },
      body: file,
    });
  } catch (err) {
    throw new ApiError("NETWORK", err instanceof Error ? err.message : "Network error", 0);
  }
  let json: { data?: T; error?: { code: ErrorCode; message: string; details?: unknown } };
  try {
    json = await res.json();
  } catch {
    throw new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
  }
  if (res.ok && json && "data" in json) return json.data as T;
  if (json?.error) throw new ApiError(json.error.code, json.error.message, res.status, json.error.details);
  throw new ApiError("NETWORK", `Unexpected response (${res.status})`, res.status);
}

export const bankApi = {
  importFile: (file: File, dryRun: boolean) =>
    upload<BankImportReport>(
      `/admin/bank/imports${query({ dryRun: dryRun ? "1" : undefined, name: file.name })}`,
      file,
    ),
  templateUrl: (format: "xlsx" | "csv") => `/api/admin/bank/template.${format}`,
  list: (q: BankQuery) => request<BankList>("GET", `/admin/bank/questions${query({ ...q })}`),
  topics: () => request<BankTopic[]>("GET", "/admin/bank/topics"),
  remove: (id: string) => request<BankDeleteResult>("DELETE", `/admin/bank/questions/${e(id)}`),
  theory: (paperId: string) => request<TheorySection>("GET", `/admin/papers/${e(paperId)}/theory`),
  assemble: (paperId: string, body: TheoryAssembly) =>
    request<TheorySection>("PUT", `/admin/papers/${e(paperId)}/theory`, body),
};
