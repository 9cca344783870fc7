// Live rankings of one region for staff (issue 10, first part): a stage and a group, the team rule
// (the contest's setting unless changed here), the individual and team rankings refreshed every 15 s,
// and their export. The region's host sees it among the host pages; its judges on the judge page.
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  GROUPS,
  type Group,
  type Ranking,
  type RankingQuery,
  type RankingRow,
  TEAM_RULES,
  type TeamRankingRow,
  type TeamRule,
} from "../../../protocol/index.ts";
import { SectionHead } from "../admin/crud.tsx";
import { ErrorBanner, FilterBox, useLoad } from "../admin/kit.tsx";
import { sortRows } from "../admin/values.ts";
import { contestsApi, resultsApi } from "../lib/admin-api.ts";
import { formatTime } from "../lib/format.ts";
import {
  defaultStage,
  formatPoints,
  formatSeconds,
  isRanked,
  type StageChoice,
  stageChoices,
  tiedRanks,
} from "../results/format.ts";
import "../results/results.css";

/** How often the rankings reload while they are on screen. */
export const RANKINGS_REFRESH_MS = 15_000;

export function RankingsSection({ regionId, title }: { regionId: string; title?: ReactNode }) {
  const { t } = useTranslation();
  const contests = useLoad(() => contestsApi.list(), []);
  const choices = useMemo(() => stageChoices(contests.data ?? [], regionId), [contests.data, regionId]);
  const [stageId, setStageId] = useState("");
  const [group, setGroup] = useState<Group>("EMPLOYEE");
  /** The team rule chosen here; null: the contest's setting. */
  const [rule, setRule] = useState<TeamRule | null>(null);

  useEffect(() => {
    if (choices.length === 0) return;
    // A functional update: a stage the user picked between this render and the effect stands.
    setStageId((current) =>
      choices.some((c) => c.id === current) ? current : (defaultStage(choices)?.id ?? ""),
    );
  }, [choices]);
  const stage = choices.find((c) => c.id === stageId) ?? null;

  return (
    <section className="admin-section rankings" data-testid="rankings-section">
      <SectionHead title={title ?? t("admin.results.title")} />
      <p className="muted rankings-intro">{t("admin.results.intro")}</p>
      <ErrorBanner error={contests.error} />
      <div className="toolbar-row rankings-controls">
        <label className="inline-label">
          {t("admin.results.stage")}
          <select
            className="select"
            value={stageId}
            onChange={(e) => {
              setStageId(e.target.value);
              setRule(null);
            }}
            data-testid="rankings-stage"
          >
            {stageId === "" && <option value="">{t("admin.choose")}</option>}
            {groupByContest(choices).map(([contest, stages]) => (
              <optgroup key={contest} label={contest}>
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <div
          className="group-tabs"
          role="tablist"
          aria-label={t("admin.results.group")}
          data-testid="rankings-group"
        >
          {GROUPS.map((g) => (
            <button
              key={g}
              type="button"
              role="tab"
              aria-selected={g === group}
              className={g === group ? "group-tab active" : "group-tab"}
              onClick={() => setGroup(g)}
              data-testid={`rankings-group-${g}`}
            >
              {t(`admin.group.${g}`)}
            </button>
          ))}
        </div>
        <label className="inline-label">
          {t("admin.results.teamRule")}
          <select
            className="select"
            value={rule ?? stage?.teamRule ?? "mean"}
            onChange={(e) => {
              const next = e.target.value as TeamRule;
              setRule(next === stage?.teamRule ? null : next);
            }}
            disabled={!stage}
            data-testid="rankings-team-rule"
          >
            {TEAM_RULES.map((r) => (
              <option key={r} value={r}>
                {r === stage?.teamRule
                  ? t("admin.results.teamRuleDefault", { rule: t(`admin.results.rule.${r}`) })
                  : t(`admin.results.rule.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {contests.data && choices.length === 0 && <p className="empty">{t("admin.results.noStages")}</p>}
      {stage && (
        <RankingView
          key={`${stage.id}-${group}-${rule ?? ""}`}
          regionId={regionId}
          stage={stage}
          query={rule ? { stageId: stage.id, group, teamRule: rule } : { stageId: stage.id, group }}
        />
      )}
    </section>
  );
}

/** The choices under their contest's name, in order. */
function groupByContest(choices: StageChoice[]): [string, StageChoice[]][] {
  const out = new Map<string, StageChoice[]>();
  for (const c of choices) {
    const key = `${c.contestName} (${c.contestYear})`;
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return [...out];
}

function RankingView({
  regionId,
  stage,
  query,
}: {
  regionId: string;
  stage: StageChoice;
  query: RankingQuery;
}) {
  const { t, i18n } = useTranslation();
  const ranking = useLoad(
    () => resultsApi.ranking(regionId, query),
    [regionId, stage.id, query.group, query.teamRule],
  );

  // Live: reloads every 15 s while the page is visible, and at once when it becomes visible again.
  const { reload } = ranking;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload is a new function each render; the timer is per view
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === "visible") reload();
    };
    const timer = window.setInterval(tick, RANKINGS_REFRESH_MS);
    document.addEventListener("visibilitychange", tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, []);

  const data: Ranking | null = ranking.data;
  return (
    <div className="rankings-view" data-testid="rankings-view" data-group={query.group}>
      <div className="toolbar-row">
        <button
          type="button"
          className="btn"
          onClick={ranking.reload}
          disabled={ranking.loading}
          data-testid="rankings-refresh"
        >
          {t("admin.results.refresh")}
        </button>
        <span className="muted small" role="status" data-testid="rankings-updated">
          {ranking.loading && !data
            ? t("app.loading")
            : data
              ? `${t("admin.results.updatedAt", { time: formatTime(data.generatedAt, i18n.language) })} · ${t("admin.results.autoRefresh")}`
              : ""}
        </span>
        <span className="spacer" />
        <a
          className="btn"
          href={resultsApi.exportUrl(regionId, "xlsx", query)}
          download
          data-testid="export-xlsx"
        >
          {t("admin.results.exportXlsx")}
        </a>
        <a
          className="btn"
          href={resultsApi.exportUrl(regionId, "csv", query)}
          download
          data-testid="export-csv"
        >
          {t("admin.results.exportCsv")}
        </a>
      </div>
      <ErrorBanner error={ranking.error} />
      {data && <IndividualRanking rows={data.rows} />}
      {data && <TeamRanking rows={data.teams} />}
    </div>
  );
}

interface Col<T> {
  key: string;
  label: string;
  value: (row: T) => string | number | null;
  render?: (row: T) => ReactNode;
  className?: string;
}

/** A ranking table: in rank order (the server's), each row carrying its rank; a text box filters. */
function RankTable<T>({
  rows,
  columns,
  rowKey,
  rowTestId,
  rankOf,
  filter,
  testId,
  empty,
}: {
  rows: T[];
  columns: Col<T>[];
  rowKey: (row: T) => string;
  rowTestId: (row: T) => string;
  /** The row's rank, or null when it has none (data-rank is then 0, the contract's UNRANKED). */
  rankOf: (row: T) => number | null;
  filter: string;
  testId: string;
  empty: string;
}) {
  const { i18n } = useTranslation();
  const shown = useMemo(
    () => sortRows(rows, columns, filter, null, i18n.language),
    [rows, columns, filter, i18n.language],
  );
  return (
    <div className="table-wrap">
      <table className="roster admin-table ranking-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.className} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const rank = rankOf(r);
            return (
              <tr
                key={rowKey(r)}
                data-testid={rowTestId(r)}
                data-rank={rank ?? 0}
                className={
                  rank !== null && rank <= 3 ? `podium podium-${rank}` : rank === null ? "unranked" : ""
                }
              >
                {columns.map((c) => (
                  <td key={c.key} className={c.className}>
                    {c.render ? c.render(r) : (c.value(r) ?? "—")}
                  </td>
                ))}
              </tr>
            );
          })}
          {shown.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted table-empty">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function RankCell({ rank, tied }: { rank: number | null; tied: boolean }) {
  const { t } = useTranslation();
  if (rank === null) return <span className="muted">—</span>;
  return (
    <span className="rank-cell">
      <strong>{rank}</strong>
      {tied && (
        <span className="badge badge-tied" title={t("admin.results.tiedTitle", { rank })}>
          {t("admin.results.tied")}
        </span>
      )}
    </span>
  );
}

/** A contestant's rank, or null while unranked (scoring, absent). */
const rankOf = (r: RankingRow) => (isRanked(r) ? r.rank : null);

function IndividualRanking({ rows }: { rows: RankingRow[] }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const ranked = rows.filter(isRanked);
  const tied = useMemo(() => tiedRanks(rows.filter(isRanked)), [rows]);
  const columns = useMemo(
    (): Col<RankingRow>[] => [
      {
        key: "rank",
        label: t("admin.results.columns.rank"),
        value: rankOf,
        render: (r) => <RankCell rank={rankOf(r)} tied={isRanked(r) && tied.has(r.rank)} />,
        className: "rank-col",
      },
      { key: "name", label: t("admin.results.columns.name"), value: (r) => r.name },
      {
        key: "ticket",
        label: t("admin.results.columns.ticket"),
        value: (r) => r.ticketNumber,
        className: "mono",
      },
      {
        key: "org",
        label: t("admin.results.columns.organisation"),
        value: (r) => r.organisation,
        className: "wrap",
      },
      {
        key: "team",
        label: t("admin.results.columns.team"),
        value: (r) => r.team?.name ?? null,
        className: "wrap",
      },
      {
        key: "theory",
        label: t("admin.results.columns.theory"),
        value: (r) => (isRanked(r) ? formatPoints(r.theory) : null),
        className: "num",
      },
      {
        key: "practical",
        label: t("admin.results.columns.practical"),
        value: (r) => (isRanked(r) ? formatPoints(r.practical) : null),
        className: "num",
      },
      {
        key: "total",
        label: t("admin.results.columns.total"),
        value: (r) => (isRanked(r) ? formatPoints(r.total) : null),
        render: (r) => (isRanked(r) ? <strong>{formatPoints(r.total)}</strong> : "—"),
        className: "num",
      },
      {
        key: "time",
        label: t("admin.results.columns.time"),
        // Only a finished sitting has a time that counts.
        value: (r) => (isRanked(r) ? formatSeconds(r.seconds) : null),
        className: "num mono",
      },
      {
        key: "status",
        label: t("admin.results.columns.status"),
        value: (r) => (isRanked(r) ? null : t(`admin.results.status.${r.status}`)),
        render: (r) =>
          isRanked(r) ? null : (
            <span
              className={`badge badge-result-${r.status.toLowerCase()}`}
              data-testid={`ranking-status-${r.ticketNumber}`}
            >
              {t(`admin.results.status.${r.status}`)}
            </span>
          ),
      },
    ],
    [t, tied],
  );
  return (
    <div className="ranking-block">
      <div className="section-head ranking-head">
        <h3>{t("admin.results.individual")}</h3>
        <span className="muted small" data-testid="rankings-count">
          {t("admin.results.count", { ranked: ranked.length, count: rows.length })}
        </span>
        <span className="spacer" />
        <FilterBox value={filter} onChange={setFilter} testId="rankings-filter" />
      </div>
      <RankTable
        testId="ranking-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.contestantId}
        rowTestId={(r) => `ranking-row-${r.ticketNumber}`}
        rankOf={rankOf}
        filter={filter}
        empty={t("admin.results.empty")}
      />
    </div>
  );
}

/** A team's rank, or null while none of its members is scored. */
const teamRankOf = (r: TeamRankingRow) => (r.rank > 0 ? r.rank : null);

function TeamRanking({ rows }: { rows: TeamRankingRow[] }) {
  const { t } = useTranslation();
  const tied = useMemo(() => tiedRanks(rows), [rows]);
  const columns = useMemo(
    (): Col<TeamRankingRow>[] => [
      {
        key: "rank",
        label: t("admin.results.columns.rank"),
        value: teamRankOf,
        render: (r) => <RankCell rank={teamRankOf(r)} tied={r.rank > 0 && tied.has(r.rank)} />,
        className: "rank-col",
      },
      {
        key: "team",
        label: t("admin.results.columns.teamName"),
        value: (r) => r.team.name,
        className: "wrap",
      },
      {
        key: "org",
        label: t("admin.results.columns.organisation"),
        value: (r) => r.organisation,
        className: "wrap",
      },
      {
        key: "members",
        label: t("admin.results.columns.members"),
        value: (r) => r.members.map((m) => m.name).join(" "),
        render: (r) => (
          <span className="team-members">
            {r.members.map((m) => (
              <span key={m.contestantId} className="team-member">
                {m.name} <span className="muted">{formatPoints(m.total)}</span>
              </span>
            ))}
          </span>
        ),
        className: "wrap",
      },
      {
        key: "practical",
        label: t("admin.results.columns.practical"),
        value: (r) => formatPoints(r.practical),
        className: "num",
      },
      {
        key: "total",
        label: t("admin.results.columns.total"),
        value: (r) => formatPoints(r.total),
        render: (r) => <strong>{formatPoints(r.total)}</strong>,
        className: "num",
      },
      {
        key: "time",
        label: t("admin.results.columns.time"),
        value: (r) => formatSeconds(r.seconds),
        className: "num mono",
      },
    ],
    [t, tied],
  );
  return (
    <div className="ranking-block">
      <div className="section-head ranking-head">
        <h3>{t("admin.results.teams")}</h3>
      </div>
      <RankTable
        testId="team-ranking-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.team.id}
        rowTestId={(r) => `team-ranking-row-${r.team.name}`}
        rankOf={teamRankOf}
        filter=""
        empty={t("admin.results.noTeams")}
      />
    </div>
  );
}
