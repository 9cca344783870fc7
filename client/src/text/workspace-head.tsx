// The head of a text item: task title, item position and the instructions.
import { useTranslation } from "react-i18next";
import type { ItemView, TaskView } from "../../../protocol/index.ts";

export function WorkspaceHead({ task, item }: { task: TaskView; item: ItemView }) {
  const { t } = useTranslation();
  return (
    <div className="workspace-head">
      <div>
        <h2>{task.title}</h2>
        <span className="muted">{t("exam.itemOf", { n: item.position, total: task.items.length })}</span>
      </div>
      <details className="instructions">
        <summary>{t("exam.instructions")}</summary>
        <p>{task.instructions}</p>
      </details>
    </div>
  );
}
