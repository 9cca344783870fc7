// The head of every task kind's workspace: task title, which item of how many, the instructions.
// Pure props, no store.
import { useTranslation } from "react-i18next";

export interface WorkspaceHeadProps {
  /** The task: its title, its instructions and how many items it has. */
  task: { title: string; instructions: string; items: readonly unknown[] };
  /** The current item: its 1-based position in the task. */
  item: { position: number };
  /**
   * The position line, already translated ("Recording 2 of 5"). Leave out for `exam.itemOf`
   * ("Image 2 of 5").
   */
  positionText?: string;
  /** Show the instructions unfolded at first (the examinee can still fold them). */
  instructionsOpen?: boolean;
}

/**
 * Task title with the item's position under it, and the task's instructions in a `<details>` that
 * the examinee folds and unfolds.
 *
 * @example
 * <WorkspaceHead task={task} item={item} positionText={t("audio.itemOf", { n, total })} instructionsOpen />
 */
export function WorkspaceHead({ task, item, positionText, instructionsOpen }: WorkspaceHeadProps) {
  const { t } = useTranslation();
  return (
    <div className="workspace-head">
      <div>
        <h2>{task.title}</h2>
        <span className="muted" data-testid="item-position">
          {positionText ?? t("exam.itemOf", { n: item.position, total: task.items.length })}
        </span>
      </div>
      <details className="instructions" open={instructionsOpen}>
        <summary>{t("exam.instructions")}</summary>
        <p>{task.instructions}</p>
      </details>
    </div>
  );
}
