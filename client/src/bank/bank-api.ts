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
import { query, upload } from "../lib/admin-api.ts";
import { request } from "../lib/api.ts";

const e = encodeURIComponent;

export interface BankQuery {
  kind?: string;
  topic?: string;
  q?: string;
  offset?: number;
  limit?: number;
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
