// The access code, large, with a button that copies it.
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function CopyCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // no clipboard (an insecure origin): select the code so it can be copied by hand
      const el = document.querySelector<HTMLElement>("[data-testid=access-code]");
      if (el) window.getSelection()?.selectAllChildren(el);
    }
  };
  return (
    <div className="apply-code-row">
      <output className="apply-code" data-testid="access-code">
        {groupCode(code)}
      </output>
      <button type="button" className="btn" data-testid="copy-code" onClick={copy}>
        {copied ? t("apply.success.copied") : t("apply.success.copy")}
      </button>
    </div>
  );
}

/** In groups of five, easier to copy by hand (the server ignores the dashes). */
export function groupCode(code: string): string {
  return code.match(/.{1,5}/g)?.join("-") ?? code;
}
