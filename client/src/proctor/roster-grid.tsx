// The roster as a seat map: one tile per contestant (seat, name, state colour, progress, time
// left, badges), in seat order or the list's order, windowed by rows of tiles.
import { useRef } from "react";
import type { RosterEntry, SessionRoster } from "../../../protocol/index.ts";
import { ProgressBar, StateBadges, stateClass, TimeLeftCell } from "./cells.tsx";
import { useWidth, useWindowed } from "./windowed.ts";

const TILE_W = 150;
const TILE_H = 96;
const GAP = 8;

export function RosterGrid({
  roster,
  rows,
  now,
  onOpen,
}: {
  roster: SessionRoster;
  rows: RosterEntry[];
  now: number;
  onOpen: (entry: RosterEntry) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const perRow = Math.max(1, Math.floor((width - GAP) / (TILE_W + GAP)) || 1);
  const lines = Math.ceil(rows.length / perRow);
  const { start, end, onScroll } = useWindowed(scroller, TILE_H + GAP, lines);
  const tiles: { e: RosterEntry; line: number; col: number }[] = [];
  for (let line = start; line < end; line++)
    for (let col = 0; col < perRow; col++) {
      const e = rows[line * perRow + col];
      if (e) tiles.push({ e, line, col });
    }
  return (
    <div className="pc-grid pc-scroll" ref={scroller} onScroll={onScroll} data-testid="roster-grid">
      <div style={{ height: lines * (TILE_H + GAP) + GAP, position: "relative" }}>
        {tiles.map(({ e, line, col }) => (
          <button
            type="button"
            key={e.attemptId}
            className={`pc-tile ${stateClass(e)}`}
            style={{
              top: GAP + line * (TILE_H + GAP),
              left: GAP + col * (TILE_W + GAP),
              width: TILE_W,
              height: TILE_H,
            }}
            data-testid={`tile-${e.contestant.ticketNumber}`}
            data-status={e.status}
            title={`${e.contestant.ticketNumber} ${e.contestant.name}`}
            onClick={() => onOpen(e)}
          >
            <span className="pc-tile-head">
              <strong className="mono">{e.contestant.seat ?? "—"}</strong>
              <TimeLeftCell roster={roster} entry={e} now={now} />
            </span>
            <span className="pc-tile-name">{e.contestant.name}</span>
            <ProgressBar entry={e} />
            <StateBadges entry={e} />
          </button>
        ))}
      </div>
    </div>
  );
}
