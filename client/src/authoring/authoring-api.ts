// Typed wrappers of the committee's authoring routes (protocol/authoring.ts): papers, tasks, dataset
// imports (the raw body sent with upload progress) and try-score.
import type {
  DatasetFormat,
  DatasetImportReport,
  DatasetImportRow,
  ErrorCode,
  PaperDetail,
  PaperInput,
  PaperPatch,
  PaperSummary,
  TaskDetail,
  TaskInput,
  TryScoreRequest,
  TryScoreResult,
} from "../../../protocol/index.ts";
import { ApiError, request } from "../lib/api.ts";

const e = encodeURIComponent;

export interface ImportOptions {
  format: DatasetFormat;
  name: string;
  dryRun: boolean;
  replace: boolean;
  addLabels: boolean;
}

/** The query of an import (only the flags that are set). */
export function importQuery(o: ImportOptions): string {
  const q = new URLSearchParams({ format: o.format, name: o.name });
  if (o.dryRun) q.set("dryRun", "1");
  if (o.replace) q.set("replace", "1");
  if (o.addLabels) q.set("addLabels", "1");
  return q.toString();
}

/** The report rows a refused import carries (422 IMPORT_REJECTED, details.rows), if any. */
export function refusedRows(error: unknown): DatasetImportRow[] | null {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== "object") return null;
  const rows = (error.details as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) return null;
  return rows.filter(
    (r): r is DatasetImportRow =>
      !!r && typeof r === "object" && typeof (r as DatasetImportRow).where === "string",
  );
}

/**
 * POSTs a body with XMLHttpRequest so the upload's progress can be shown (fetch has none); the
 * answer is unwrapped like request()'s. `onProgress` gets the share sent, 0–1.
 */
export function uploadWithProgress<T>(
  path: string,
  body: Blob,
  onProgress: (share: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", body.type || "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total);
    };
    xhr.onerror = () => reject(new ApiError("NETWORK", "Network error", 0));
    xhr.onabort = () => reject(new ApiError("NETWORK", "Upload cancelled", 0));
    xhr.onload = () => {
      let json: { data?: T; error?: { code: ErrorCode; message: string; details?: unknown } } | null = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && json && "data" in json) resolve(json.data as T);
      else if (json?.error)
        reject(new ApiError(json.error.code, json.error.message, xhr.status, json.error.details));
      else if (xhr.status === 413)
        reject(new ApiError("PAYLOAD_TOO_LARGE", "The upload is larger than the server accepts.", 413));
      else reject(new ApiError("NETWORK", `Unexpected response (${xhr.status})`, xhr.status));
    };
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}

export const authoringApi = {
  papers: () => request<PaperSummary[]>("GET", "/admin/papers"),
  createPaper: (body: PaperInput) => request<PaperDetail>("POST", "/admin/papers", body),
  paper: (id: string) => request<PaperDetail>("GET", `/admin/papers/${e(id)}`),
  updatePaper: (id: string, body: PaperPatch) =>
    request<PaperDetail>("PATCH", `/admin/papers/${e(id)}`, body),
  /** Every task of the paper, in the new order. */
  reorderTasks: (paperId: string, taskIds: string[]) =>
    request<PaperDetail>("POST", `/admin/papers/${e(paperId)}/tasks/order`, { taskIds }),
  createTask: (paperId: string, body: TaskInput) =>
    request<TaskDetail>("POST", `/admin/papers/${e(paperId)}/tasks`, body),
  task: (id: string) => request<TaskDetail>("GET", `/admin/tasks/${e(id)}`),
  updateTask: (id: string, body: TaskInput) => request<TaskDetail>("PUT", `/admin/tasks/${e(id)}`, body),
  deleteTask: (id: string) => request<unknown>("DELETE", `/admin/tasks/${e(id)}`),
  deleteItem: (itemId: string) => request<unknown>("DELETE", `/admin/items/${e(itemId)}`),
  clearItems: (taskId: string) => request<{ deleted: number }>("DELETE", `/admin/tasks/${e(taskId)}/items`),
  importDataset: (taskId: string, o: ImportOptions, body: Blob, onProgress: (share: number) => void) =>
    uploadWithProgress<DatasetImportReport>(
      `/admin/tasks/${e(taskId)}/imports?${importQuery(o)}`,
      body,
      onProgress,
    ),
  tryScore: (taskId: string, body: TryScoreRequest) =>
    request<TryScoreResult>("POST", `/admin/tasks/${e(taskId)}/try-score`, body),
};
