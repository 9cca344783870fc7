// The item's text as one element per character, with the spans drawn over it: a tint of the
// innermost span, one underline per span on its own row (nested spans stay visible and clickable),
// and the label after the span's last character as generated content, outside the text itself.
import { type CSSProperties, type MouseEvent, memo, type Ref, useMemo } from "react";
import type { Label, TextSpan } from "../../../protocol/index.ts";
import { codePoints } from "./offsets.ts";
import { assignRows, coverage } from "./spans.ts";

export interface SpanTextProps {
  text: string;
  spans: readonly TextSpan[];
  labels: readonly Label[];
  selectedId: string | null;
  keySelection: { anchor: number; focus: number } | null;
  textRef: Ref<HTMLDivElement>;
  ariaLabel: string;
  onMouseDown(e: MouseEvent<HTMLDivElement>): void;
  onFocus(): void;
}

const FALLBACK_COLOR = "#8d99ae";

export const SpanText = memo(function SpanText(props: SpanTextProps) {
  const { text, spans, labels, selectedId, keySelection } = props;
  const chars = useMemo(() => codePoints(text), [text]);
  const rows = useMemo(() => assignRows(spans), [spans]);
  const cover = useMemo(() => coverage(spans, chars.length), [spans, chars.length]);
  const labelOf = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const rowCount = rows.size ? Math.max(...rows.values()) + 1 : 0;
  const ends = useMemo(() => {
    const byEnd = new Map<number, TextSpan[]>();
    for (const s of spans) byEnd.set(s.end - 1, [...(byEnd.get(s.end - 1) ?? []), s]);
    return byEnd;
  }, [spans]);
  const lo = keySelection ? Math.min(keySelection.anchor, keySelection.focus) : -1;
  const hi = keySelection ? Math.max(keySelection.anchor, keySelection.focus) : -1;
  const color = (s: TextSpan) => labelOf.get(s.label)?.color ?? FALLBACK_COLOR;

  return (
    <div
      ref={props.textRef}
      className="ts-text"
      data-testid="span-text"
      role="document"
      aria-label={props.ariaLabel}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the text takes a caret for keyboard selection
      tabIndex={0}
      style={{ "--rows": rowCount } as CSSProperties}
      onMouseDown={props.onMouseDown}
      onFocus={props.onFocus}
    >
      {chars.map((ch, i) => {
        const over = cover[i] ?? [];
        const inner = over[0];
        const tags = ends.get(i);
        const classes = ["tc"];
        if (inner) classes.push("tc-span");
        if (over.some((s) => s.id === selectedId)) classes.push("is-selected");
        if (over.some((s) => s.start === i)) classes.push("tc-first");
        if (tags) classes.push("tc-last");
        if (i >= lo && i < hi) classes.push("tc-keysel");
        if (keySelection?.focus === i) classes.push("tc-caret");
        if (keySelection?.focus === chars.length && i === chars.length - 1) classes.push("tc-caret-after");
        const style = inner ? ({ "--c": color(inner) } as CSSProperties) : undefined;
        return (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: a character's place in the fixed text is its identity
            key={i}
            data-i={i}
            className={classes.join(" ")}
            style={style}
            data-tag={tags?.map((s) => labelOf.get(s.label)?.name ?? s.label).join(" · ")}
          >
            {ch}
            {over.map((s) => (
              <i
                key={s.id}
                className={`tc-line${s.id === selectedId ? " is-selected" : ""}`}
                data-span-id={s.id}
                style={{ "--c": color(s), "--row": rows.get(s.id) ?? 0 } as CSSProperties}
              />
            ))}
          </span>
        );
      })}
    </div>
  );
});
