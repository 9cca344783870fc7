// Table cleaning: a grid to edit cells, mark rows duplicate or invalid and fill missing values.
import type { TaskKindClient } from "../exam/task-kind.ts";
import { TableStore } from "./table-store.ts";
import { TableWorkspace } from "./table-workspace.tsx";

export const tableKind: TaskKindClient<"TABLE", TableStore> = {
  kind: "TABLE",
  createEditor: (_task, item, saved) => new TableStore(item.table ?? { header: [], rows: [] }, saved),
  Workspace: TableWorkspace,
};
