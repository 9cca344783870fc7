// The task's labels as a row of buttons, the same in every task kind: colour swatch, name, the
// number key that picks it, pressed when active. Pure props, no store.
import type { CSSProperties } from "react";

export interface PaletteLabel {
  id: string;
  name: string;
  /** Any CSS colour: the swatch, and the border and tint of a pressed button. */
  color: string;
}

export interface LabelPaletteProps {
  labels: readonly PaletteLabel[];
  /** Whether a label's button shows pressed: the active label, or a chosen class. */
  pressed: (id: string) => boolean;
  /** A click on a label's button. The number keys are the kind's keyboard handler's business. */
  onPick: (id: string) => void;
  /** The toolbar's accessible name, already translated. */
  ariaLabel: string;
  /** Read-only (locked attempt): every button disabled. */
  disabled?: boolean;
  /** A count shown in each button (testid `count-<id>`), e.g. the spans of each label. */
  counts?: ReadonlyMap<string, number>;
  /**
   * Classification: each button shows a tick, round for a single choice ("radio"), square for a
   * multi-label task ("check"); the palette then carries `data-multi`.
   */
  mark?: "radio" | "check";
  /** The palette's own testid. */
  testId?: string;
  /** Each button's testid is this followed by the label id; `label-` unless told. */
  buttonTestIdPrefix?: string;
  /** Extra classes on each button (a kind's own size or spacing). */
  buttonClassName?: string;
}

/**
 * A `.palette` toolbar of `.label-button`s, one a label in task order: the first nine show their
 * number key (1–9) as a `<kbd>`. A pressed button has `aria-pressed` and `is-active`.
 *
 * @example
 * <LabelPalette labels={task.labels} pressed={(id) => id === snap.activeLabel}
 *   onPick={(id) => store.setActiveLabel(id)} ariaLabel={t("canvas.labels")} disabled={locked} />
 */
export function LabelPalette({
  labels,
  pressed,
  onPick,
  ariaLabel,
  disabled = false,
  counts,
  mark,
  testId,
  buttonTestIdPrefix = "label-",
  buttonClassName,
}: LabelPaletteProps) {
  const extra = `${mark ? " classify-choice" : ""}${buttonClassName ? ` ${buttonClassName}` : ""}`;
  return (
    <div
      className="palette"
      role="toolbar"
      aria-label={ariaLabel}
      data-testid={testId}
      data-multi={mark === undefined ? undefined : mark === "check"}
    >
      {labels.map((l, i) => {
        const on = pressed(l.id);
        return (
          <button
            key={l.id}
            type="button"
            className={`label-button${extra}${on ? " is-active" : ""}`}
            data-testid={`${buttonTestIdPrefix}${l.id}`}
            aria-pressed={on}
            disabled={disabled}
            style={{ "--label-color": l.color } as CSSProperties}
            onClick={() => onPick(l.id)}
          >
            {mark && (
              <span className={`classify-tick${mark === "check" ? " is-box" : ""}`} aria-hidden="true" />
            )}
            <span className="swatch" aria-hidden="true" />
            <span>{l.name}</span>
            {counts && (
              <span className="label-count ts-count" data-testid={`count-${l.id}`}>
                {counts.get(l.id) ?? 0}
              </span>
            )}
            {i < 9 && <kbd>{i + 1}</kbd>}
          </button>
        );
      })}
    </div>
  );
}
