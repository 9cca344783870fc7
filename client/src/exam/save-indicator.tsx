// The save status in the exam header: saving… / saved / offline (with the changes kept on this
// computer) / error with the reason. data-pending counts the targets with unacknowledged changes.
import { useTranslation } from "react-i18next";
import { formatClockFor } from "../lib/date-format.ts";
import type { AutosaveSnapshot, SaveProblem } from "./autosave.ts";

function useProblemText() {
  const { t } = useTranslation();
  return (p: SaveProblem): string => {
    switch (p.code) {
      case "TIMEOUT":
      case "INTERNAL":
      case "PAYLOAD_TOO_LARGE":
      case "UNAUTHENTICATED":
        return t(`save.problems.${p.code}`);
      case "VALIDATION_FAILED":
        return t("save.problems.VALIDATION_FAILED", { message: p.message });
      default:
        return t("save.problems.other", { message: p.message });
    }
  };
}

/** `heldText`: what to say while a proctor's pause or lock holds the changes back. */
export function SaveIndicator({ save, heldText }: { save: AutosaveSnapshot; heldText?: string }) {
  const { t, i18n } = useTranslation();
  const problemText = useProblemText();
  const { status, problem, lastSavedAt, unsaved, journal } = save;
  let text: string = t(`save.${status}`);
  if (status === "saved" && lastSavedAt)
    text = t("save.savedAt", { time: formatClockFor(lastSavedAt, i18n.language) });
  // Offline: how many changes wait, and whether they are safe on this computer meanwhile.
  if (status === "offline" && unsaved > 0)
    text = t(journal === "ok" ? "save.offlinePending" : "save.offlineUnkept", { count: unsaved });
  if (heldText && save.held && !save.closed) text = heldText;
  let detail: string | null = null;
  if ((save.closed || save.held) && unsaved > 0 && journal === "ok")
    detail = t("save.keptLocally", { count: unsaved });
  else if (status === "error" && problem) detail = problemText(problem);
  else if (journal === "failed" && unsaved > 0) detail = t("save.journalFailed");
  return (
    <div
      className={`save-status save-${status}`}
      data-testid="save-status"
      data-status={status}
      data-pending={unsaved}
      data-journal={journal}
      role="status"
      aria-live="polite"
      title={detail ?? text}
    >
      <span className="save-dot" aria-hidden="true" />
      <span className="save-text">{text}</span>
      {detail && <span className="save-detail">{detail}</span>}
    </div>
  );
}
