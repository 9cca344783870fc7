// The undo / redo button pair of every task kind's toolbar. Pure props, no store.
import { useTranslation } from "react-i18next";
import { ToolButton } from "./tool-button.tsx";

/** What the buttons do: usually the item's store itself. */
export interface History {
  undo(): unknown;
  redo(): unknown;
}

export interface HistoryButtonsProps {
  history: History;
  /** Whether there is anything to undo / redo: usually the store's snapshot. */
  state: { canUndo: boolean; canRedo: boolean };
  /** Read-only (locked attempt): both buttons disabled whatever the history holds. */
  disabled?: boolean;
  /**
   * Put before the testids `undo` and `redo`: "classify-" gives `classify-undo` / `classify-redo`.
   * Kinds keep the testids their tests already use.
   */
  testIdPrefix?: string;
}

/**
 * Two small buttons, Undo (title Ctrl+Z) and Redo (title Ctrl+Shift+Z), as two siblings to put in a
 * `.toolbar-actions` row. The keys themselves are the kind's keyboard handler's business.
 *
 * @example
 * <HistoryButtons history={store} state={snap} disabled={locked} testIdPrefix="text-" />
 */
export function HistoryButtons({ history, state, disabled = false, testIdPrefix = "" }: HistoryButtonsProps) {
  const { t } = useTranslation();
  const buttons = [
    { step: "undo", keys: "Ctrl+Z", can: state.canUndo, run: () => history.undo() },
    { step: "redo", keys: "Ctrl+Shift+Z", can: state.canRedo, run: () => history.redo() },
  ] as const;
  return buttons.map(({ step, keys, can, run }) => (
    <ToolButton
      key={step}
      testId={`${testIdPrefix}${step}`}
      keys={keys}
      disabled={disabled || !can}
      onClick={run}
    >
      {t(`canvas.${step}`)}
    </ToolButton>
  ));
}
