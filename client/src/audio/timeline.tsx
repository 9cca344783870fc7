// The timeline under the player: the waveform, the loop region, the playhead. A click seeks, a drag
// chooses the loop region (the TimelineTool decides), arrow keys skip when it has the focus.
import { type PointerEvent, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useElementSize } from "../canvas/use-element-size.ts";
import { formatTime, type Player } from "./player.ts";
import { SKIP_SHORT_S } from "./shortcuts.ts";
import { TimelineTool } from "./timeline-tool.ts";
import { decodeRecording, drawWaveform, MAX_WAVEFORM_SECONDS } from "./waveform.ts";

const pct = (t: number, duration: number) => `${duration > 0 ? Math.min(100, (t / duration) * 100) : 0}%`;

export function Timeline({ player, url, durationMs }: { player: Player; url: string; durationMs: number }) {
  const { t } = useTranslation();
  const p = useSyncExternalStore(player.subscribe, player.getSnapshot);
  const frameRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(frameRef);
  const samples = useDecodedRecording(url, durationMs);
  const tool = useMemo(
    () =>
      new TimelineTool(player, () => ({
        width: frameRef.current?.clientWidth ?? 0,
        duration: player.getSnapshot().duration,
      })),
    [player],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas && samples && size) drawWaveform(canvas, samples, "#7d93b2");
  }, [samples, size]);

  const xOf = (e: PointerEvent<HTMLDivElement>) => e.clientX - e.currentTarget.getBoundingClientRect().left;
  const { duration } = p;
  const region = p.draft ?? p.region;

  return (
    <div
      ref={frameRef}
      className={`audio-timeline${samples ? " has-waveform" : ""}`}
      data-testid="audio-timeline"
      role="slider"
      tabIndex={0}
      aria-label={t("audio.timeline")}
      aria-valuemin={0}
      aria-valuemax={Math.round(duration * 10) / 10}
      aria-valuenow={Math.round(p.time * 10) / 10}
      aria-valuetext={formatTime(p.time)}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        tool.pointerDown(xOf(e));
      }}
      onPointerMove={(e) => tool.pointerMove(xOf(e))}
      onPointerUp={(e) => tool.pointerUp(xOf(e))}
      onPointerCancel={() => tool.cancel()}
      onKeyDown={(e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
          e.preventDefault();
          player.skip(e.key === "ArrowLeft" ? -SKIP_SHORT_S : SKIP_SHORT_S);
        }
      }}
    >
      <canvas ref={canvasRef} className="audio-waveform" />
      <div className="audio-progress" style={{ width: pct(p.time, duration) }} />
      {region && (
        <div
          className={`audio-region${p.draft ? " is-draft" : ""}${p.looping ? " is-looping" : ""}`}
          data-testid="audio-region"
          style={{ left: pct(region.a, duration), width: pct(region.b - region.a, duration) }}
        />
      )}
      {p.pointA !== null && <div className="audio-point-a" style={{ left: pct(p.pointA, duration) }} />}
      <div className="audio-playhead" style={{ left: pct(p.time, duration) }} />
    </div>
  );
}

/** The recording's samples for the waveform, or null while decoding, if too long or if it fails. */
function useDecodedRecording(url: string, durationMs: number): Float32Array | null {
  const [samples, setSamples] = useState<Float32Array | null>(null);
  useEffect(() => {
    setSamples(null);
    if (!url || durationMs > MAX_WAVEFORM_SECONDS * 1000) return;
    const abort = new AbortController();
    decodeRecording(url, abort.signal).then(
      (s) => {
        if (!abort.signal.aborted) setSamples(s);
      },
      () => {}, // the waveform is a picture: the timeline works without it
    );
    return () => abort.abort();
  }, [url, durationMs]);
  return samples;
}
