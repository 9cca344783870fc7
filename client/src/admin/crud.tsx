// The pieces every list-and-form section of the administration pages repeats: the section's head with
// its "new" button, which row is being edited, a server call with its busy flag and refusal, removal
// after a confirm, and a form's submit guard and save/cancel footer.
import { type Dispatch, type ReactNode, type SetStateAction, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Column, ErrorBanner } from "./kit.tsx";

/** A section's title and, beside it, its buttons. */
export function SectionHead({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="section-head">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** The "new …" button of a section head. */
export function NewButton({
  label,
  onClick,
  testId,
  primary = true,
}: {
  label: string;
  onClick: () => void;
  testId: string;
  primary?: boolean;
}) {
  return (
    <button
      type="button"
      className={primary ? "btn btn-primary" : "btn"}
      onClick={onClick}
      data-testid={testId}
    >
      {label}
    </button>
  );
}

/** Which row a section's form edits: an id, "new", or null (no form); `current` is that row. */
export function useEditing<T>(rows: T[], idOf: (row: T) => string) {
  const [editing, setEditing] = useState<string | null>(null);
  const current = editing && editing !== "new" ? (rows.find((r) => idOf(r) === editing) ?? null) : null;
  return { editing, setEditing, current };
}

/** A call to the server: busy while it runs, and its refusal kept to show; `run` gives its result, or null. */
export function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async <R,>(action: () => Promise<R>): Promise<R | null> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}

/** Removes a row once the user confirms, then reloads; a refusal is kept in `error`. */
export function useRemove<T>(
  confirmText: (row: T) => string,
  remove: (row: T) => Promise<unknown>,
  reload: () => void,
) {
  const { error, setError, run } = useAction();
  return {
    error,
    setError,
    remove: async (row: T) => {
      if (!window.confirm(confirmText(row))) return;
      await run(async () => {
        await remove(row);
        reload();
      });
    },
  };
}

/** `set("name")(value)`: changes one field of a form's draft and marks it touched. */
export function fieldSetter<D>(setDraft: Dispatch<SetStateAction<D>>, touch: (field: string) => void) {
  return <K extends keyof D & string>(k: K) =>
    (value: D[K]) => {
      setDraft((d) => ({ ...d, [k]: value }));
      touch(k);
    };
}

/** A form that saves on submit, but only while it is valid. */
export function SaveForm({
  className = "card admin-form",
  testId,
  valid,
  onSave,
  children,
}: {
  className?: string;
  testId?: string;
  valid: boolean;
  onSave: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSave();
      }}
    >
      {children}
    </form>
  );
}

/** A form's footer: the server's refusal, then cancel and save. */
export function FormActions({
  error,
  onCancel,
  disabled,
  saveTestId,
  saveLabel,
}: {
  error: unknown;
  onCancel: () => void;
  disabled: boolean;
  saveTestId?: string;
  saveLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorBanner error={error} />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t("admin.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={disabled} data-testid={saveTestId}>
          {saveLabel ?? t("admin.save")}
        </button>
      </div>
    </>
  );
}

/** A table's last column: the row's buttons. */
export function actionsColumn<T>(label: string, render: (row: T) => ReactNode): Column<T> {
  return {
    key: "actions",
    sortable: false,
    label,
    value: () => null,
    render: (row) => <span className="row-actions">{render(row)}</span>,
  };
}

/** A small button in a clickable row: its click is its own, not the row's. */
export function RowButton({
  onClick,
  testId,
  children,
}: {
  onClick: () => void;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      data-testid={testId}
    >
      {children}
    </button>
  );
}
