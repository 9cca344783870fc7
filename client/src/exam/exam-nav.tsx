// The exam's left column: overall progress, previous / next / flag, every theory question, and each
// task's items as a strip of thumbnails with done and flagged marks and the task's progress. It owns
// the paper-wide keys (Alt+←/→, PageUp/PageDown, Ctrl+Shift+F) and the flags (localStorage).
import { type ReactNode, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { ItemView, QuestionAnswer, QuestionView, TaskView } from "../../../protocol/index.ts";
import { isTextEntry } from "../canvas/keyboard.ts";
import { FlagStore, isFlaggedIn } from "../workspace/flags.ts";
import { NAV_KEYS, navCommand, paperOrder, stepTarget } from "../workspace/paper-nav.ts";
import { isQuestionAnswered, sameTarget, type Target } from "./answers.ts";

export interface ExamNavProps {
  /** Flags are kept per attempt. */
  attemptId: string;
  questions: readonly QuestionView[];
  tasks: readonly TaskView[];
  answers: Readonly<Record<string, QuestionAnswer>>;
  doneItems: Readonly<Record<string, boolean>>;
  current: Target | null;
  onSelect: (target: Target) => void;
}

/** A dialog over the page takes the keys: the navigation waits until it is closed. */
const dialogOpen = () => document.querySelector('[aria-modal="true"], [role="alertdialog"]') !== null;

export function ExamNav({
  attemptId,
  questions,
  tasks,
  answers,
  doneItems,
  current,
  onSelect,
}: ExamNavProps) {
  const { t } = useTranslation();
  const [flagStore] = useState(() => new FlagStore(attemptId));
  const flags = useSyncExternalStore(flagStore.subscribe, flagStore.getSnapshot);
  const order = useMemo(() => paperOrder(questions, tasks), [questions, tasks]);
  const prev = stepTarget(order, current, -1);
  const next = stepTarget(order, current, 1);
  const navRef = useRef<HTMLElement>(null);

  // The latest values for the key handler, which is attached once.
  const latest = useRef({ current, order, onSelect });
  latest.current = { current, order, onSelect };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target) || dialogOpen()) return;
      const command = navCommand(e);
      if (!command) return;
      e.preventDefault(); // Alt+← would go back in the browser's history
      const { current: cur, order: ord, onSelect: select } = latest.current;
      if (command === "flag") {
        if (cur) flagStore.toggle(cur);
        return;
      }
      const target = stepTarget(ord, cur, command === "next" ? 1 : -1);
      if (target) select(target);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flagStore]);

  // Keeps the current cell in view when the keys move far down a long strip.
  useEffect(() => {
    if (!current) return;
    const el = navRef.current?.querySelector<HTMLElement>(
      `[data-target="${current.kind}:${CSS.escape(current.id)}"]`,
    );
    el?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [current]);

  const answered = questions.filter((q) => isQuestionAnswered(answers[q.id])).length;
  const itemsDone = tasks.reduce((n, tk) => n + tk.items.filter((it) => doneItems[it.id]).length, 0);
  const itemsTotal = tasks.reduce((n, tk) => n + tk.items.length, 0);
  const currentFlagged = current ? isFlaggedIn(flags, current) : false;
  const flagCount = order.filter((target) => isFlaggedIn(flags, target)).length;
  const select = (target: Target | null) => target && onSelect(target);

  return (
    <nav className="exam-nav" aria-label={t("exam.navigation")} ref={navRef}>
      <div className="nav-top">
        <Progress
          testId="nav-progress"
          title={t("nav.overall")}
          done={answered + itemsDone}
          total={questions.length + itemsTotal}
        />
        <div className="nav-actions">
          <button
            type="button"
            className="btn btn-small nav-step"
            data-testid="nav-prev"
            disabled={!prev}
            onClick={() => select(prev)}
            title={`${t("nav.prev")} (${NAV_KEYS.prev.join(" / ")})`}
            aria-label={t("nav.prev")}
          >
            ‹
          </button>
          <button
            type="button"
            className={`btn btn-small nav-flag-button${currentFlagged ? " is-flagged" : ""}`}
            data-testid="nav-flag"
            disabled={!current}
            aria-pressed={currentFlagged}
            onClick={() => current && flagStore.toggle(current)}
            title={`${currentFlagged ? t("nav.unflag") : t("nav.flag")} (${NAV_KEYS.flag.join(" / ")})`}
          >
            <span aria-hidden="true">⚑</span> {currentFlagged ? t("nav.unflag") : t("nav.flag")}
          </button>
          <button
            type="button"
            className="btn btn-small nav-step"
            data-testid="nav-next"
            disabled={!next}
            onClick={() => select(next)}
            title={`${t("nav.next")} (${NAV_KEYS.next.join(" / ")})`}
            aria-label={t("nav.next")}
          >
            ›
          </button>
        </div>
        <p className="nav-hint">
          {t("nav.keysHint")}
          {flagCount > 0 && (
            <span className="nav-flag-count" data-testid="nav-flag-count">
              {" · ⚑ "}
              {t("nav.flagged", { count: flagCount })}
            </span>
          )}
        </p>
      </div>
      {questions.length > 0 && (
        <div className="nav-section">
          <h3>
            {t("exam.theory")}
            <span className="nav-count">
              {answered}/{questions.length}
            </span>
          </h3>
          <div className="nav-grid">
            {questions.map((q, i) => {
              // Numbered as shown: a shuffled section reads 1, 2, 3… whatever the stored positions.
              const n = i + 1;
              const target: Target = { kind: "question", id: q.id };
              const done = isQuestionAnswered(answers[q.id]);
              const flagged = isFlaggedIn(flags, target);
              return (
                <NavButton
                  key={q.id}
                  testId={`nav-question-${n}`}
                  target={target}
                  title={`${t("exam.question", { n })} · ${done ? t("exam.answered") : t("exam.unanswered")}${flagged ? ` · ${t("nav.flaggedMark")}` : ""}`}
                  done={done}
                  flagged={flagged}
                  current={current !== null && sameTarget(current, target)}
                  onClick={() => onSelect(target)}
                >
                  {n}
                </NavButton>
              );
            })}
          </div>
        </div>
      )}
      {tasks.map((task) => {
        const done = task.items.filter((it) => doneItems[it.id]).length;
        return (
          <div className="nav-section" key={task.id}>
            <h3>
              <span className="nav-task-title" title={task.title}>
                {t("exam.practical")} {task.position}
              </span>
              <span className="nav-count">
                {done}/{task.items.length}
              </span>
            </h3>
            <p className="nav-task-name">{task.title}</p>
            <Progress
              testId={`task-progress-${task.id}`}
              title={t("nav.taskProgress", { done, total: task.items.length })}
              done={done}
              total={task.items.length}
              compact
            />
            <ul className="nav-strip">
              {task.items.map((it) => {
                const target: Target = { kind: "item", id: it.id };
                const itemDone = Boolean(doneItems[it.id]);
                const flagged = isFlaggedIn(flags, target);
                const isCurrent = current !== null && sameTarget(current, target);
                return (
                  <li
                    key={it.id}
                    data-testid={`nav-item-${it.id}`}
                    data-done={itemDone}
                    data-flagged={flagged}
                    data-current={isCurrent}
                  >
                    <NavButton
                      testId={`nav-item-${task.position}-${it.position}`}
                      target={target}
                      title={`${t("exam.item", { n: it.position })} · ${itemDone ? t("exam.answered") : t("exam.unanswered")}${flagged ? ` · ${t("nav.flaggedMark")}` : ""}`}
                      done={itemDone}
                      flagged={flagged}
                      current={isCurrent}
                      thumb
                      onClick={() => onSelect(target)}
                    >
                      <Thumbnail task={task} item={it} />
                      <span className="nav-pos">{it.position}</span>
                    </NavButton>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

function Progress(props: { testId: string; title: string; done: number; total: number; compact?: boolean }) {
  const { testId, title, done, total, compact } = props;
  const pct = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div
      className={`nav-progress${compact ? " is-compact" : ""}`}
      data-testid={testId}
      data-done={done}
      data-total={total}
      title={`${title} ${done}/${total}`}
    >
      {!compact && (
        <div className="nav-progress-text">
          <span>{title}</span>
          <span className="nav-count">
            {done}/{total}
          </span>
        </div>
      )}
      <div
        className="nav-progress-bar"
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** What stands for an item in the strip: its image, the start of its text, or a glyph. */
function Thumbnail({ task, item }: { task: TaskView; item: ItemView }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (item.imageUrl && !failed)
    return (
      <img
        className="nav-thumb-img"
        src={item.imageUrl}
        alt=""
        loading="lazy"
        decoding="async"
        draggable={false}
        onError={() => setFailed(true)}
      />
    );
  if (item.text) {
    // The opening words, cut by CSS with an ellipsis; the tooltip reads further.
    const chars = Array.from(item.text);
    const opening = chars.slice(0, 40).join("");
    return (
      <span
        className="nav-thumb-text"
        title={chars.length > 200 ? `${chars.slice(0, 200).join("")}…` : item.text}
      >
        {opening}
      </span>
    );
  }
  if (task.kind === "TRANSCRIPTION" || item.audio)
    return (
      <span className="nav-thumb-glyph" title={t("nav.audioItem")}>
        ♪
      </span>
    );
  if (task.kind === "TABLE" || item.table)
    return (
      <span className="nav-thumb-glyph" title={t("nav.tableItem")}>
        ▦
      </span>
    );
  return <span className="nav-thumb-glyph">▢</span>;
}

function NavButton(props: {
  testId: string;
  target: Target;
  title: string;
  done: boolean;
  flagged: boolean;
  current: boolean;
  thumb?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  const { testId, target, title, done, flagged, current, thumb, onClick, children } = props;
  return (
    <button
      type="button"
      className={`nav-cell${thumb ? " nav-thumb" : ""}${done ? " is-done" : ""}${current ? " is-current" : ""}${flagged ? " is-flagged" : ""}`}
      data-testid={testId}
      data-target={`${target.kind}:${target.id}`}
      data-done={done}
      data-flagged={flagged}
      aria-current={current ? "step" : undefined}
      title={title}
      aria-label={title}
      onClick={onClick}
    >
      {children}
      {done && (
        <span className="nav-check" aria-hidden="true" data-testid="nav-done-mark">
          ✓
        </span>
      )}
      {flagged && (
        <span className="nav-flag-mark" aria-hidden="true" data-testid="nav-flag-mark">
          ⚑
        </span>
      )}
    </button>
  );
}
