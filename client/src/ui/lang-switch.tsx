// The button that switches the interface between Chinese and English.
import { useTranslation } from "react-i18next";
import { currentLanguage, setLanguage } from "../i18n/index.ts";

export function LangSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === "en" ? "zh-CN" : "en";
  return (
    <button
      type="button"
      className="btn btn-ghost lang-switch"
      data-testid="lang-switch"
      title={t("app.switchLanguageTitle")}
      lang={next}
      onClick={() => setLanguage(next)}
    >
      {t("app.switchLanguage")}
    </button>
  );
}
