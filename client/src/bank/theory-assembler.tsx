// The theory section of one paper, assembled from the bank by rule or by hand (mounted by the paper
// page): what it holds now (count, points, rule and seed), and a form that replaces it. Read-only
// once a session using the paper has begun.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  BankQuestionView,
  BankTopic,
  Draw,
  TheoryAssembly,
  TheorySection,
} from "../../../protocol/bank.ts";
import { QUESTION_KINDS, type QuestionKind } from "../../../protocol/index.ts";
import "../admin/admin.css";
import "./bank.css";
import { useAction } from "../admin/crud.tsx";
import { DataTable, ErrorBanner, formatInstant, useLoad } from "../admin/kit.tsx";
import { ApiError } from "../lib/api.ts";
import { bankApi } from "./bank-api.ts";

export interface TheoryAssemblerProps {
  paperId: string;
  /** The paper is used by a session that began: show, never change. */
  inUse: boolean;
  /** Called after the section changed (the paper page reloads its totals). */
  onChanged: () => void;
}

interface DrawForm {
  /** A key for React: draws have no identity but their place. */
  id: number;
  kind: QuestionKind;
  count: string;
  points: string;
  topics: string[];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function TheoryAssembler({ paperId, inUse, onChanged }: TheoryAssemblerProps) {
  const { t } = useTranslation();
  const theory = useLoad(() => bankApi.theory(paperId), [paperId]);
  const topics = useLoad(() => (inUse ? Promise.resolve([] as BankTopic[]) : bankApi.topics()), [inUse]);
  const [done, setDone] = useState<TheorySection | null>(null);
  const s = theory.data;
  return (
    <section className="admin-section theory-assembler" data-testid="theory-assembler" data-paper={paperId}>
      <h2>{t("bank.theory.title")}</h2>
      <ErrorBanner error={theory.error} />
      {s && <TheorySummary section={s} />}
      {inUse ? (
        <p className="banner banner-info" data-testid="theory-read-only">
          {t("bank.theory.readOnly")}
        </p>
      ) : (
        <AssemblyForm
          paperId={paperId}
          section={s}
          topics={topics.data ?? []}
          onAssembled={(next) => {
            theory.setData(next);
            setDone(next);
            onChanged();
          }}
          onRefused={() => setDone(null)}
        />
      )}
      {done && (
        <p className="banner banner-info" role="status" data-testid="theory-done">
          {t("bank.theory.done", { count: done.questions.length, points: done.totalPoints })}
        </p>
      )}
    </section>
  );
}

function TheorySummary({ section: s }: { section: TheorySection }) {
  const { t, i18n } = useTranslation();
  const a = s.assembly;
  return (
    <div className="card bank-summary" data-testid="theory-summary">
      {s.questions.length === 0 ? (
        <p className="muted">{t("bank.theory.none")}</p>
      ) : (
        <>
          <p>
            <strong data-testid="theory-count">
              {t("bank.theory.summary", { count: s.questions.length, points: s.totalPoints })}
            </strong>{" "}
            ·{" "}
            <span data-testid="theory-shuffle">
              {t(s.shuffle ? "bank.theory.shuffled" : "bank.theory.notShuffled")}
            </span>
          </p>
          {a && (
            <p className="muted small" data-testid="theory-assembly">
              {a.mode === "rule" ? t("bank.theory.byRule", { seed: a.seed }) : t("bank.theory.byHand")}
              {a.mode === "rule" &&
                a.draws?.map((d, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the draws are a fixed list
                  <span key={i} className="bank-draw-chip">
                    {t(`bank.kinds.${d.kind}`)} × {d.count} × {d.points}
                    {d.topics && d.topics.length > 0 ? ` (${d.topics.join("、")})` : ""}
                  </span>
                ))}{" "}
              · {t("bank.theory.assembledBy", { by: a.by, at: formatInstant(a.at, i18n.language) })}
            </p>
          )}
          <details>
            <summary>{t("bank.theory.questions")}</summary>
            <DataTable
              testId="theory-questions"
              rows={s.questions}
              rowKey={(q) => q.id}
              columns={[
                {
                  key: "position",
                  label: t("bank.theory.position"),
                  value: (q) => q.position,
                  className: "num",
                },
                { key: "code", label: t("bank.import.code"), value: (q) => q.bankCode, className: "mono" },
                { key: "kind", label: t("bank.list.kind"), value: (q) => t(`bank.kinds.${q.kind}`) },
                { key: "topic", label: t("bank.list.topic"), value: (q) => q.topic },
                { key: "prompt", label: t("bank.list.prompt"), value: (q) => q.prompt, className: "wrap" },
                { key: "points", label: t("bank.list.points"), value: (q) => q.points, className: "num" },
              ]}
            />
          </details>
        </>
      )}
    </div>
  );
}

function AssemblyForm({
  paperId,
  section,
  topics,
  onAssembled,
  onRefused,
}: {
  paperId: string;
  section: TheorySection | null;
  topics: BankTopic[];
  onAssembled: (s: TheorySection) => void;
  onRefused: () => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<"rule" | "hand">("rule");
  const [draws, setDraws] = useState<DrawForm[]>([
    { id: 0, kind: "SINGLE_CHOICE", count: "10", points: "1", topics: [] },
  ]);
  const [seed, setSeed] = useState("");
  const [shuffle, setShuffle] = useState(section?.shuffle ?? true);
  const [picked, setPicked] = useState<{ q: BankQuestionView; points: string }[]>([]);
  const action = useAction();

  const body = useMemo((): TheoryAssembly | null => {
    if (mode === "rule") {
      const out: Draw[] = [];
      for (const d of draws) {
        const count = Number(d.count);
        const points = Number(d.points);
        if (!Number.isInteger(count) || count < 1 || count > 1000 || !(points > 0 && points <= 100))
          return null;
        out.push({ kind: d.kind, count, points, ...(d.topics.length ? { topics: d.topics } : {}) });
      }
      const n = seed.trim() === "" ? undefined : Number(seed);
      if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 2_147_483_647)) return null;
      return out.length ? { mode: "rule", draws: out, shuffle, ...(n ? { seed: n } : {}) } : null;
    }
    if (picked.length === 0) return null;
    const questions = [];
    for (const p of picked) {
      const points = p.points.trim() === "" ? undefined : Number(p.points);
      if (points !== undefined && !(points > 0 && points <= 100)) return null;
      questions.push({ bankQuestionId: p.q.id, ...(points !== undefined ? { points } : {}) });
    }
    return { mode: "hand", questions, shuffle };
  }, [mode, draws, seed, shuffle, picked]);

  const submit = async () => {
    if (!body) return;
    const result = await action.run(() => bankApi.assemble(paperId, body));
    if (result) onAssembled(result);
    else onRefused();
  };
  // The refusal, read for what the form shows beside the draws.
  const err = action.error;
  const shortDraws =
    err instanceof ApiError && err.code === "BANK_SHORT"
      ? new Map(
          (
            (err.details as { draws?: { index: number; wanted: number; available: number }[] })?.draws ?? []
          ).map((d) => [d.index, d] as const),
        )
      : new Map<number, { wanted: number; available: number }>();
  const inUseSessions =
    err instanceof ApiError && err.code === "PAPER_IN_USE"
      ? ((err.details as { sessions?: string[] })?.sessions ?? []).join("、")
      : null;

  const availableFor = (d: DrawForm) =>
    topics
      .filter((x) => d.topics.length === 0 || d.topics.includes(x.topic))
      .reduce((sum, x) => sum + x.counts[d.kind], 0);
  const setDraw = (i: number, patch: Partial<DrawForm>) =>
    setDraws((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  return (
    <form
      className="card admin-form theory-form"
      data-testid="theory-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset className="bank-mode">
        <legend>{t("bank.theory.mode")}</legend>
        <label className="field-check">
          <input
            type="radio"
            name={`mode-${paperId}`}
            checked={mode === "rule"}
            onChange={() => setMode("rule")}
            data-testid="theory-mode-rule"
          />{" "}
          {t("bank.theory.modeRule")}
        </label>
        <label className="field-check">
          <input
            type="radio"
            name={`mode-${paperId}`}
            checked={mode === "hand"}
            onChange={() => setMode("hand")}
            data-testid="theory-mode-hand"
          />{" "}
          {t("bank.theory.modeHand")}
        </label>
      </fieldset>

      {mode === "rule" ? (
        <div className="bank-draws">
          {draws.map((d, i) => {
            const s = shortDraws.get(i);
            return (
              <fieldset
                key={d.id}
                className={`bank-draw${s ? " bank-draw-short" : ""}`}
                data-testid={`draw-${i}`}
              >
                <legend>{t("bank.theory.draw", { n: i + 1 })}</legend>
                <div className="bank-draw-fields">
                  <label className="field">
                    <span>{t("bank.theory.kind")}</span>
                    <select
                      value={d.kind}
                      onChange={(e) => setDraw(i, { kind: e.target.value as QuestionKind })}
                      data-testid={`draw-${i}-kind`}
                    >
                      {QUESTION_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`bank.kinds.${k}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="field">
                    <span>{t("bank.theory.count")}</span>
                    <input
                      type="number"
                      min={1}
                      max={1000}
                      step={1}
                      value={d.count}
                      onChange={(e) => setDraw(i, { count: e.target.value })}
                      data-testid={`draw-${i}-count`}
                    />
                  </label>
                  <label className="field">
                    <span>{t("bank.theory.points")}</span>
                    <input
                      type="number"
                      min={0.1}
                      max={100}
                      step="any"
                      value={d.points}
                      onChange={(e) => setDraw(i, { points: e.target.value })}
                      data-testid={`draw-${i}-points`}
                    />
                  </label>
                  <span className="muted small bank-available" data-testid={`draw-${i}-available`}>
                    {t("bank.theory.available", { count: availableFor(d) })}
                  </span>
                  {draws.length > 1 && (
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() => setDraws((ds) => ds.filter((_, j) => j !== i))}
                    >
                      {t("bank.theory.removeDraw")}
                    </button>
                  )}
                </div>
                <fieldset className="bank-topic-picks">
                  <legend className="small muted">{t("bank.theory.topics")}</legend>
                  {topics.map((x) => (
                    <label key={x.topic} className="bank-topic-pick">
                      <input
                        type="checkbox"
                        checked={d.topics.includes(x.topic)}
                        onChange={(e) =>
                          setDraw(i, {
                            topics: e.target.checked
                              ? [...d.topics, x.topic]
                              : d.topics.filter((y) => y !== x.topic),
                          })
                        }
                        data-testid={`draw-${i}-topic-${x.topic}`}
                      />
                      {x.topic} <span className="muted">({x.counts[d.kind]})</span>
                    </label>
                  ))}
                </fieldset>
                {s && (
                  <p className="field-issue" role="alert" data-testid={`draw-${i}-short`}>
                    {t("bank.theory.short", { wanted: s.wanted, available: s.available })}
                  </p>
                )}
              </fieldset>
            );
          })}
          <div className="toolbar-row">
            <button
              type="button"
              className="btn btn-small"
              disabled={draws.length >= 20}
              onClick={() =>
                setDraws((ds) => [
                  ...ds,
                  {
                    id: Math.max(0, ...ds.map((x) => x.id)) + 1,
                    kind: "TRUE_FALSE",
                    count: "10",
                    points: "1",
                    topics: [],
                  },
                ])
              }
              data-testid="draw-add"
            >
              {t("bank.theory.addDraw")}
            </button>
            <label className="field bank-seed">
              <span>{t("bank.theory.seed")}</span>
              <input
                type="number"
                min={1}
                step={1}
                value={seed}
                onChange={(e) => setSeed(e.target.value)}
                data-testid="theory-seed"
              />
            </label>
          </div>
        </div>
      ) : (
        <HandPicker picked={picked} setPicked={setPicked} />
      )}

      <label className="field-check">
        <input
          type="checkbox"
          checked={shuffle}
          onChange={(e) => setShuffle(e.target.checked)}
          data-testid="theory-shuffle-toggle"
        />{" "}
        {t("bank.theory.shuffle")}
      </label>
      <p className="muted small">{t("bank.theory.replaceWarning")}</p>
      {err instanceof ApiError && err.code === "BANK_SHORT" ? (
        <p className="banner banner-error" role="alert" data-testid="theory-bank-short">
          {t("bank.theory.bankShort")}
        </p>
      ) : inUseSessions !== null ? (
        <p className="banner banner-error" role="alert" data-testid="theory-in-use">
          {t("bank.theory.inUse", { sessions: inUseSessions })}
        </p>
      ) : (
        <ErrorBanner error={err} />
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!body || action.busy}
          data-testid="theory-submit"
        >
          {action.busy ? t("bank.theory.submitting") : t("bank.theory.submit")}
        </button>
      </div>
    </form>
  );
}

function HandPicker({
  picked,
  setPicked,
}: {
  picked: { q: BankQuestionView; points: string }[];
  setPicked: (
    f: (p: { q: BankQuestionView; points: string }[]) => { q: BankQuestionView; points: string }[],
  ) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [kind, setKind] = useState("");
  const found = useLoad(
    () => bankApi.list({ q: q.trim() || undefined, kind: kind || undefined, limit: 30 }),
    [q, kind],
  );
  const ids = new Set(picked.map((p) => p.q.id));
  const total = round(
    picked.reduce((s, p) => s + (p.points.trim() === "" ? p.q.points : Number(p.points) || 0), 0),
  );
  return (
    <div className="bank-hand" data-testid="theory-hand">
      <div className="toolbar-row">
        <input
          type="search"
          className="filter-box"
          placeholder={t("bank.theory.search")}
          aria-label={t("bank.theory.search")}
          value={q}
          maxLength={100}
          onChange={(e) => setQ(e.target.value)}
          data-testid="hand-search"
        />
        <select
          className="select"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          aria-label={t("bank.list.kind")}
        >
          <option value="">{t("admin.all")}</option>
          {QUESTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`bank.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner error={found.error} />
      <ul className="bank-found">
        {(found.data?.questions ?? []).map((x) => (
          <li key={x.id}>
            <button
              type="button"
              className="btn btn-small"
              disabled={ids.has(x.id)}
              onClick={() => setPicked((p) => [...p, { q: x, points: "" }])}
              data-testid={`hand-add-${x.code}`}
            >
              {t("bank.theory.add")}
            </button>{" "}
            <span className="mono">{x.code}</span> · {t(`bank.kinds.${x.kind}`)} · {x.topic} · {x.prompt}
          </li>
        ))}
      </ul>
      <p className="small">
        <strong data-testid="hand-picked">
          {t("bank.theory.picked", { count: picked.length, points: total })}
        </strong>
      </p>
      <ol className="bank-picked">
        {picked.map((p, i) => (
          <li key={p.q.id} data-testid={`hand-picked-${p.q.code}`}>
            <span className="mono">{p.q.code}</span> · {t(`bank.kinds.${p.q.kind}`)} · {p.q.prompt}{" "}
            <input
              type="number"
              className="narrow-input"
              min={0.1}
              max={100}
              step="any"
              placeholder={String(p.q.points)}
              aria-label={t("bank.theory.points")}
              value={p.points}
              onChange={(e) =>
                setPicked((all) => all.map((y) => (y.q.id === p.q.id ? { ...y, points: e.target.value } : y)))
              }
            />{" "}
            <button
              type="button"
              className="btn btn-ghost btn-small"
              disabled={i === 0}
              onClick={() =>
                setPicked((all) => {
                  const next = [...all];
                  [next[i - 1], next[i]] = [
                    next[i] as (typeof all)[number],
                    next[i - 1] as (typeof all)[number],
                  ];
                  return next;
                })
              }
            >
              {t("bank.theory.up")}
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => setPicked((all) => all.filter((y) => y.q.id !== p.q.id))}
            >
              {t("bank.theory.remove")}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
