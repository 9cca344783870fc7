// Brightness and contrast sliders for an image on screen, with a reset. Pure props, no store.
import { useTranslation } from "react-i18next";
import {
  ADJUST_MAX,
  ADJUST_MIN,
  ADJUST_STEP,
  type Adjust,
  clampAdjust,
  DEFAULT_ADJUST,
  isDefaultAdjust,
} from "./image-adjust-value.ts";

export type { Adjust } from "./image-adjust-value.ts";
export { adjustFilter, DEFAULT_ADJUST, isDefaultAdjust, readAdjust } from "./image-adjust-value.ts";

export interface ImageAdjustProps {
  /** Percent, 100 = unchanged (DEFAULT_ADJUST). */
  value: Adjust;
  /** Called on every slider move with the whole new value, and with DEFAULT_ADJUST on reset. */
  onChange: (value: Adjust) => void;
  disabled?: boolean;
}

/**
 * Two range sliders (testids `brightness`, `contrast`; 20–300 %, step 5) and a reset button
 * (`adjust-reset`, disabled when unchanged). Apply the value with `adjustFilter(value)`: a CSS
 * filter string for an <img> style or a canvas 2D context's `filter`. The value is a view
 * setting, never part of the document or the undo history; keep it in the editor's taskState
 * (e.g. `ctx.taskState.set("adjust", value)`, read back with `readAdjust`) to keep it across items.
 *
 * @example <ImageAdjust value={adjust} onChange={setAdjust} />
 */
export function ImageAdjust({ value, onChange, disabled }: ImageAdjustProps) {
  const { t } = useTranslation();
  const slider = (key: keyof Adjust, testId: string, label: string) => (
    <label className="adjust-slider">
      <span>{label}</span>
      <input
        type="range"
        data-testid={testId}
        min={ADJUST_MIN}
        max={ADJUST_MAX}
        step={ADJUST_STEP}
        value={value[key]}
        disabled={disabled}
        onChange={(e) => onChange({ ...value, [key]: clampAdjust(Number(e.target.value)) })}
      />
      <output className="adjust-value">{value[key]}%</output>
    </label>
  );
  return (
    <div className="image-adjust" data-testid="image-adjust">
      {slider("brightness", "brightness", t("nav.adjust.brightness"))}
      {slider("contrast", "contrast", t("nav.adjust.contrast"))}
      <button
        type="button"
        className="btn btn-small"
        data-testid="adjust-reset"
        disabled={disabled || isDefaultAdjust(value)}
        onClick={() => onChange(DEFAULT_ADJUST)}
      >
        {t("nav.adjust.reset")}
      </button>
    </div>
  );
}
