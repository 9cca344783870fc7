// A stand-in for a task kind whose tool is not built yet: keeps the saved document unchanged and
// says so, rather than showing a blank page.
import { useTranslation } from "react-i18next";
import type { TaskAnswers, TaskKind } from "../../../protocol/index.ts";
import type { ItemEditor, TaskKindClient, WorkspaceProps } from "./task-kind.ts";

class KeptDocument<Doc> implements ItemEditor<Doc> {
  constructor(private readonly doc: Doc) {}
  subscribe = () => () => {};
  onDocumentChange = () => () => {};
  toAnswer = () => this.doc;
}

function Unavailable({ task }: WorkspaceProps<unknown>) {
  const { t } = useTranslation();
  return (
    <section className="workspace" aria-label={task.title}>
      <h2>{task.title}</h2>
      <p className="banner banner-error" role="alert">
        {t("exam.kindUnavailable", { kind: task.kind })}
      </p>
    </section>
  );
}

export function placeholderKind<K extends TaskKind>(
  kind: K,
  empty: TaskAnswers[K],
): TaskKindClient<K, ItemEditor<TaskAnswers[K]>> {
  return {
    kind,
    createEditor: (_task, _item, saved) => new KeptDocument(saved ?? empty),
    Workspace: Unavailable,
  };
}
