// The committee's correction of an item's standard answer, from the attempt's review (admins only:
// a paper is national, so a regional judge cannot change it). Saving does not re-score: the judge
// re-scores the session, and the review then shows what changed between the versions.
import { type FormEvent, useState } from "react";
import { truthApi } from "../lib/judge-api.ts";
import { FormFoot, type Tr, useTr } from "./shared.tsx";

/** The text's JSON value, or the parser's complaint. */
export function parseTruth(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

function issueOf(t: Tr, text: string, reason: string): string | null {
  const parsed = parseTruth(text);
  if (!parsed.ok) return t("judging.truth.invalidJson", { message: parsed.message });
  if (reason.trim().length < 2) return t("judging.truth.invalidReason");
  return null;
}

export function TruthEditor({
  itemId,
  truth,
  onSaved,
}: {
  itemId: string;
  truth: unknown;
  onSaved: () => void;
}) {
  const { t } = useTr();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(truth, null, 2));
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const issue = issueOf(t, text, reason);

  if (!open)
    return (
      <div className="judge-truth">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => {
            setText(JSON.stringify(truth, null, 2));
            setSaved(false);
            setOpen(true);
          }}
          data-testid={`truth-open-${itemId}`}
        >
          {t("judging.truth.open")}
        </button>
        {saved && (
          <p className="banner banner-info" role="status" data-testid={`truth-saved-${itemId}`}>
            {t("judging.truth.saved")}
          </p>
        )}
      </div>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    const parsed = parseTruth(text);
    if (issue !== null || !parsed.ok || busy) return;
    setBusy(true);
    setError(null);
    try {
      await truthApi.correct(itemId, { data: parsed.value, reason: reason.trim() });
      setOpen(false);
      setReason("");
      setTouched(false);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="judge-form judge-truth" onSubmit={submit} data-testid={`truth-form-${itemId}`}>
      <h4>{t("judging.truth.title")}</h4>
      <p className="muted small">{t("judging.truth.hint")}</p>
      <label className="judge-field">
        <span>{t("judging.truth.data")}</span>
        <textarea
          className="judge-truth-json"
          value={text}
          rows={8}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={touched && issue ? true : undefined}
          data-testid={`truth-data-${itemId}`}
        />
      </label>
      <label className="judge-field">
        <span>{t("judging.truth.reason")}</span>
        <textarea
          value={reason}
          rows={2}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          data-testid={`truth-reason-${itemId}`}
        />
      </label>
      <FormFoot
        id={itemId}
        prefix="truth"
        issue={touched ? issue : null}
        error={error}
        busy={busy}
        submit={t("judging.truth.submit")}
        sending={t("judging.truth.sending")}
        cancel={{ label: t("judging.truth.cancel"), onClick: () => setOpen(false) }}
      />
    </form>
  );
}
