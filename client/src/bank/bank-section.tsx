// The committee's question bank tab: import (XLSX/CSV, template), browse by kind and topic.
import { useTranslation } from "react-i18next";

export function BankSection() {
  const { t } = useTranslation();
  return <section data-testid="bank-section">{t("bank.title")}</section>;
}
