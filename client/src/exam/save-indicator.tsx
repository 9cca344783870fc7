// The save status in the exam header: saving… / saved / offline / error with the reason.
import { useTranslation } from "react-i18next";
import { formatTime } from "../lib/format.ts";
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

export function SaveIndicator({ save }: { save: AutosaveSnapshot }) {
  const { t, i18n } = useTranslation();
  const problemText = useProblemText();
  const { status, problem, lastSavedAt } = save;
  let text: string = t(`save.${status}`);
  if (status === "saved" && lastSavedAt)
    text = t("save.savedAt", { time: formatTime(lastSavedAt, i18n.language) });
  const detail = status === "error" && problem ? problemText(problem) : null;
  return (
    <div
      className={`save-status save-${status}`}
      data-testid="save-status"
      data-status={status}
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
