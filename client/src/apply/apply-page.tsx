// The public registration form (issue 9): choose the stage and region, the group and basis, fill in
// the form; on success the access code is shown once, kept in this browser, and the status page follows.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApplyResult, OpenStage } from "../../../protocol/index.ts";
import { applyApi, storedCode } from "../lib/apply-api.ts";
import { navigate } from "../lib/router.ts";
import { errorMessage } from "../ui/errors.ts";
import { ApplyForm } from "./apply-form.tsx";
import { ApplyShell } from "./apply-shell.tsx";
import { CopyCode } from "./copy-code.tsx";
import { emptyDraft } from "./form-model.ts";

export function ApplyPage() {
  const { t } = useTranslation();
  const [stages, setStages] = useState<OpenStage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ApplyResult | null>(null);

  useEffect(() => {
    let live = true;
    applyApi.open().then(
      (s) => live && setStages(s),
      (e) => live && setError(errorMessage(t, e)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  if (done)
    return (
      <ApplyShell title={t("apply.success.title")}>
        <section className="card apply-code-card" data-testid="apply-success">
          <p className="apply-code-lead">{t("apply.success.codeLead")}</p>
          <CopyCode code={done.accessCode} />
          <p className="muted">{t("apply.success.codeNote")}</p>
          <button
            type="button"
            className="btn btn-primary btn-large"
            data-testid="apply-continue"
            onClick={() => navigate("/apply/status")}
          >
            {t("apply.success.next")}
          </button>
        </section>
      </ApplyShell>
    );

  const firstOpen = stages?.find((s) => s.regions.some((r) => r.open));
  return (
    <ApplyShell title={t("apply.applyTitle")}>
      <p className="lead apply-intro">{t("apply.applyIntro")}</p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {!stages && !error && <p className="muted">{t("apply.loading")}</p>}
      {stages && stages.length === 0 && <p className="empty">{t("apply.noneOpen")}</p>}
      {stages && stages.length > 0 && (
        <ApplyForm
          stages={stages}
          initial={emptyDraft((firstOpen ?? stages[0])?.stageId ?? "")}
          submitLabel={t("apply.submit")}
          onSubmit={async (request) => {
            const result = await applyApi.apply(request);
            storedCode.set(result.accessCode);
            setDone(result);
            window.scrollTo(0, 0);
          }}
        />
      )}
    </ApplyShell>
  );
}
