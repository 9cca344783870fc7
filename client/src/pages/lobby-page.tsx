// The contestant's lobby: their sittings, a countdown in server time, and Start / Continue. A
// practice sitting is badged and links its result as soon as it is scored.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AttemptSummary } from "../../../protocol/index.ts";
import { ApiError, api } from "../lib/api.ts";
import { formatDateTimeFor } from "../lib/date-format.ts";
import { formatDuration } from "../lib/format.ts";
import { navigate } from "../lib/router.ts";
import { serverClock, useServerNow } from "../lib/server-clock.ts";
import { connectExam } from "../lib/socket.ts";
import { AppHeader } from "../ui/app-header.tsx";
import { errorMessage } from "../ui/errors.ts";
import { Link } from "../ui/link.tsx";
import { useSession } from "../ui/session-context.tsx";

const REFRESH_MS = 30_000;

export function LobbyPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [attempts, setAttempts] = useState<AttemptSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const sentAt = Date.now();
      const list = await api.myAttempts();
      if (list[0]) serverClock.observe(list[0].serverNow, sentAt, Date.now());
      setAttempts(list);
      setError(null);
    } catch (e) {
      setError(errorMessage(t, e));
    }
  }, [t]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  // The lobby keeps the contestant's /exam socket open, so the proctors see them "in lobby"; a
  // proctor's control on a sitting (a lock, an extension) or its closing refreshes the list.
  useEffect(() => {
    const socket = connectExam();
    const refresh = () => void load();
    socket.on("attempt:notice", refresh);
    socket.on("attempt:closed", refresh);
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [load]);

  return (
    <div className="page">
      <AppHeader />
      <main className="page-main lobby" data-testid="lobby">
        <h1>{t("lobby.title")}</h1>
        <p className="lead">{t("lobby.welcome", { name: me.name })}</p>
        <p className="muted">{t("lobby.intro")}</p>
        {error && (
          <div className="banner banner-error" role="alert">
            {error}{" "}
            <button type="button" className="btn btn-small" onClick={() => void load()}>
              {t("app.retry")}
            </button>
          </div>
        )}
        {attempts === null && !error && <p className="muted">{t("app.loading")}</p>}
        {attempts?.length === 0 && <p className="empty">{t("lobby.none")}</p>}
        <div className="sittings">
          {attempts?.map((a) => (
            <SittingCard key={a.id} attempt={a} onStale={load} />
          ))}
        </div>
      </main>
    </div>
  );
}

function SittingCard({ attempt: a, onStale }: { attempt: AttemptSummary; onStale: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const now = useServerNow(500);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const startsAt = Date.parse(a.session.startsAt);
  const endsAt = startsAt + a.session.durationMinutes * 60_000;
  const lateUntil = Math.min(endsAt, startsAt + a.session.lateStartMinutes * 60_000);
  const deadline = a.deadlineAt ? Date.parse(a.deadlineAt) : endsAt;
  const open = now >= startsAt && now <= lateUntil;

  const enter = async () => {
    setBusy(true);
    setError(null);
    try {
      if (a.status === "NOT_STARTED") await api.startAttempt(a.id);
      navigate(`/exam/${encodeURIComponent(a.id)}`);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === "SESSION_NOT_OPEN" ? t("lobby.notOpen") : errorMessage(t, e),
      );
      setBusy(false);
      void onStale();
    }
  };

  let countdown: { label: string; value: string } | null = null;
  if (a.status === "NOT_STARTED" && now < startsAt)
    countdown = { label: t("lobby.startsIn"), value: formatDuration(startsAt - now) };
  else if (a.status === "IN_PROGRESS" || (a.status === "NOT_STARTED" && open))
    countdown = { label: t("lobby.timeLeft"), value: formatDuration(deadline - now) };

  const canEnter = a.status === "IN_PROGRESS" || (a.status === "NOT_STARTED" && open);
  const buttonText =
    a.status === "IN_PROGRESS"
      ? t("lobby.continue")
      : a.status === "NOT_STARTED"
        ? t("lobby.start")
        : t(`lobby.status.${a.status}`);

  return (
    <section className="card sitting" aria-labelledby={`sitting-${a.id}`}>
      <div className="sitting-head">
        <h2 id={`sitting-${a.id}`}>
          {a.session.name}
          {a.practice && (
            <>
              {" "}
              <span
                className="badge badge-practice"
                title={t("lobby.practiceHint")}
                data-testid={`practice-${a.id}`}
              >
                {t("lobby.practice")}
              </span>
            </>
          )}
        </h2>
        <span className={`badge badge-${a.status.toLowerCase()}`}>{t(`lobby.status.${a.status}`)}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>{t("lobby.ticket")}</dt>
          <dd>{a.contestant.ticketNumber}</dd>
        </div>
        <div>
          <dt>{t("lobby.seat")}</dt>
          <dd>{a.contestant.seat ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("lobby.startsAt")}</dt>
          <dd data-testid="starts-at">{formatDateTimeFor(a.session.startsAt, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t("lobby.duration")}</dt>
          <dd>{t("lobby.minutes", { count: a.session.durationMinutes })}</dd>
        </div>
      </dl>
      {countdown && (
        <div className="countdown">
          <span className="countdown-label">{countdown.label}</span>
          <span className="countdown-value" data-testid="countdown">
            {countdown.value}
          </span>
        </div>
      )}
      {a.status === "NOT_STARTED" && now <= lateUntil && (
        <p className="muted small">
          {t("lobby.lateUntil", { time: formatDateTimeFor(lateUntil, i18n.language) })}
        </p>
      )}
      {a.status === "NOT_STARTED" && now > lateUntil && (
        <p className="muted small">{t("lobby.lateClosed")}</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary btn-large"
        data-testid="start-attempt"
        disabled={!canEnter || busy}
        onClick={() => void enter()}
      >
        {busy ? t("lobby.starting") : buttonText}
      </button>
      {a.resultsReleased && (
        <Link
          to={`/results/${encodeURIComponent(a.id)}`}
          className="btn btn-large sitting-results"
          data-testid={`view-results-${a.id}`}
        >
          {t("results.viewResults")}
        </Link>
      )}
    </section>
  );
}
