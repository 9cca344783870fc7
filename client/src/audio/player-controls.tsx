// The player's buttons: play / pause, skips, speed, loop points and the time.
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { formatTime, type Player, SPEEDS } from "./player.ts";
import { SKIP_LONG_S, SKIP_SHORT_S } from "./shortcuts.ts";

export function PlayerControls({ player }: { player: Player }) {
  const { t } = useTranslation();
  const p = useSyncExternalStore(player.subscribe, player.getSnapshot);
  const unusable = p.status === "error";
  const skip = (seconds: number, testId: string, key: string) => (
    <button
      type="button"
      className="btn btn-small audio-skip"
      data-testid={testId}
      disabled={unusable}
      title={`${t(seconds < 0 ? "audio.back" : "audio.forward", { s: Math.abs(seconds) })} (${key})`}
      aria-label={t(seconds < 0 ? "audio.back" : "audio.forward", { s: Math.abs(seconds) })}
      onClick={() => player.skip(seconds)}
    >
      {seconds < 0 ? `−${-seconds}s` : `+${seconds}s`}
    </button>
  );
  return (
    <div className="toolbar audio-controls" role="toolbar" aria-label={t("audio.player")}>
      <div className="toolbar-actions">
        {skip(-SKIP_LONG_S, "audio-back-5", "Ctrl+Shift+,")}
        {skip(-SKIP_SHORT_S, "audio-back-2", "Ctrl+,")}
        <button
          type="button"
          className="btn btn-primary btn-small audio-play"
          data-testid="audio-play"
          data-playing={p.playing}
          disabled={unusable}
          title={`${t(p.playing ? "audio.pause" : "audio.play")} (Esc, Ctrl+Space)`}
          onClick={() => player.toggle()}
        >
          <span aria-hidden="true">{p.playing ? "❚❚" : "▶"}</span>{" "}
          {t(p.playing ? "audio.pause" : "audio.play")}
        </button>
        {skip(SKIP_SHORT_S, "audio-forward-2", "Ctrl+.")}
        {skip(SKIP_LONG_S, "audio-forward-5", "Ctrl+Shift+.")}
        <span className="audio-time" data-testid="audio-time" aria-live="off">
          {formatTime(p.time)} / {formatTime(p.duration)}
        </span>
      </div>
      <div className="toolbar-actions">
        <label className="audio-speed">
          <span>{t("audio.speed")}</span>
          <select
            className="select"
            data-testid="audio-speed"
            title="Ctrl+[ / Ctrl+]"
            value={p.rate}
            onChange={(e) => player.setRate(Number(e.target.value))}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className={`btn btn-small${p.pointA !== null ? " is-active" : ""}`}
          data-testid="audio-set-a"
          disabled={unusable}
          onClick={() => player.setPointA()}
        >
          {t("audio.setA")}
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="audio-set-b"
          disabled={unusable}
          onClick={() => player.setPointB()}
        >
          {t("audio.setB")}
        </button>
        <button
          type="button"
          className={`btn btn-small audio-loop${p.looping ? " is-active" : ""}`}
          data-testid="audio-loop"
          aria-pressed={p.looping}
          disabled={unusable}
          title="Ctrl+L"
          onClick={() => player.toggleLoop()}
        >
          ⟲ {t("audio.loop")}
          {p.looping && p.region && (
            <span className="audio-region-text">
              {" "}
              {formatTime(p.region.a)}–{formatTime(p.region.b)}
            </span>
          )}
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          data-testid="audio-clear-loop"
          disabled={unusable || (!p.region && p.pointA === null)}
          onClick={() => player.clearLoop()}
        >
          {t("audio.clearLoop")}
        </button>
      </div>
    </div>
  );
}
