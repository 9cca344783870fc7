// Zoom out, the zoom level, zoom in and fit, over the canvas's top right corner.
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";

const BAR: CSSProperties = {
  position: "absolute",
  top: 8,
  right: 8,
  zIndex: 1,
  display: "flex",
  alignItems: "center",
  gap: 4,
  padding: 3,
  borderRadius: 6,
  background: "rgba(255, 255, 255, 0.88)",
  boxShadow: "0 1px 3px rgba(0, 0, 0, 0.15)",
};
const LEVEL: CSSProperties = { minWidth: "3.2em", textAlign: "center", fontVariantNumeric: "tabular-nums" };

export function ZoomControls(props: { scale: number; onZoom: (factor: number) => void; onFit: () => void }) {
  const { scale, onZoom, onFit } = props;
  const { t } = useTranslation();
  return (
    <div style={BAR}>
      <button
        type="button"
        className="btn btn-small"
        data-testid="canvas-zoom-out"
        aria-label={t("canvas.zoomOut")}
        title={t("canvas.zoomOut")}
        onClick={() => onZoom(0.8)}
      >
        −
      </button>
      <span data-testid="canvas-zoom" style={LEVEL}>
        {Math.round(scale * 100)}%
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="canvas-zoom-in"
        aria-label={t("canvas.zoomIn")}
        title={t("canvas.zoomIn")}
        onClick={() => onZoom(1.25)}
      >
        +
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="canvas-fit"
        aria-label={t("canvas.fit")}
        title={t("canvas.fit")}
        onClick={onFit}
      >
        ⤢
      </button>
    </div>
  );
}
