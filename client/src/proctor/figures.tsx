// The venue at a glance: how many work, are paused, handed in, dropped off or wait in the lobby,
// the average progress, and the progress of those who started in ten small SVG bars.
import { useTranslation } from "react-i18next";
import { HISTOGRAM_BUCKETS, type VenueFigures } from "./roster-model.ts";

const CARDS = [
  "total",
  "working",
  "paused",
  "submitted",
  "disconnected",
  "inLobby",
  "notStarted",
  "locked",
] as const;

export function FiguresBar({ figures }: { figures: VenueFigures }) {
  const { t } = useTranslation();
  const started = figures.histogram.reduce((a, b) => a + b, 0);
  return (
    <section className="pc-figures" data-testid="venue-figures">
      {CARDS.map((k) => (
        <div
          key={k}
          className={`pc-figure pc-figure-${k}`}
          data-testid={`figure-${k}`}
          data-value={figures[k]}
        >
          <span className="pc-figure-value">{figures[k]}</span>
          <span className="pc-figure-label">{t(`proctorConsole.figures.${k}`)}</span>
        </div>
      ))}
      <div
        className="pc-figure pc-figure-average"
        data-testid="figure-averageProgress"
        data-value={figures.averageProgress.toFixed(4)}
      >
        <span className="pc-figure-value">{Math.round(figures.averageProgress * 100)}%</span>
        <span className="pc-figure-label">{t("proctorConsole.figures.averageProgress")}</span>
      </div>
      <Histogram counts={figures.histogram} started={started} />
    </section>
  );
}

function Histogram({ counts, started }: { counts: number[]; started: number }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...counts);
  const w = 14;
  const gap = 3;
  const h = 40;
  const title = t("proctorConsole.figures.histogram", { count: started });
  return (
    <figure className="pc-histogram" data-testid="progress-histogram" data-counts={counts.join(",")}>
      <svg
        width={HISTOGRAM_BUCKETS * (w + gap)}
        height={h + 12}
        role="img"
        aria-label={title}
        viewBox={`0 0 ${HISTOGRAM_BUCKETS * (w + gap)} ${h + 12}`}
      >
        {counts.map((c, i) => {
          const bh = c === 0 ? 0 : Math.max(2, Math.round((h * c) / max));
          const label = t("proctorConsole.figures.bucket", { from: i * 10, to: (i + 1) * 10, count: c });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the ten buckets are fixed
            <g key={i}>
              <title>{label}</title>
              <rect x={i * (w + gap)} y={0} width={w} height={h} className="pc-hist-bg" />
              <rect x={i * (w + gap)} y={h - bh} width={w} height={bh} className="pc-hist-bar" />
              {(i === 0 || i === HISTOGRAM_BUCKETS - 1) && (
                <text x={i * (w + gap) + w / 2} y={h + 10} textAnchor="middle" className="pc-hist-axis">
                  {i === 0 ? "0" : "100"}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="pc-figure-label">{title}</figcaption>
    </figure>
  );
}
