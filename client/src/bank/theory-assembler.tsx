// The theory section of one paper, assembled from the bank by rule or by hand (mounted by the paper page).
import { useTranslation } from "react-i18next";

export interface TheoryAssemblerProps {
  paperId: string;
  /** The paper is used by a session that began: show, never change. */
  inUse: boolean;
  /** Called after the section changed (the paper page reloads its totals). */
  onChanged: () => void;
}

export function TheoryAssembler({ paperId }: TheoryAssemblerProps) {
  const { t } = useTranslation();
  return (
    <section data-testid="theory-assembler" data-paper={paperId}>
      {t("bank.title")}
    </section>
  );
}
