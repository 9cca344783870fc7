// One small toolbar button of a task kind's workspace (undo, delete, clear…). Pure props, no store.
import type { ReactNode } from "react";

export interface ToolButtonProps {
  testId: string;
  onClick: () => void;
  disabled?: boolean;
  /** The key that does the same, shown as the tooltip: "Ctrl+Z", "Delete". */
  keys?: string;
  /** Destructive (deletes work): drawn in the danger colour. */
  danger?: boolean;
  /** The caption, already translated. */
  children: ReactNode;
}

/**
 * A `.btn.btn-small` with a testid and its shortcut as the title, so every kind's toolbar looks
 * and hints alike.
 *
 * @example
 * <ToolButton testId="delete-span" keys="Delete" danger disabled={!selected} onClick={del}>
 *   {t("text.delete")}
 * </ToolButton>
 */
export function ToolButton({
  testId,
  onClick,
  disabled = false,
  keys,
  danger = false,
  children,
}: ToolButtonProps) {
  return (
    <button
      type="button"
      className={`btn btn-small${danger ? " btn-danger" : ""}`}
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      title={keys}
    >
      {children}
    </button>
  );
}
