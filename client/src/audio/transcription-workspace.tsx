// The transcription item view: the player with its timeline, and the transcript. The keys work
// while typing in the transcript (transcribers never leave it), and undo there is the store's.
import {
  type KeyboardEvent as ReactKeyboardEvent,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useTranslation } from "react-i18next";
import { MAX_TRANSCRIPT_CHARS } from "../../../protocol/index.ts";
import { isTextEntry } from "../canvas/keyboard.ts";
import type { WorkspaceProps } from "../exam/task-kind.ts";
import { HistoryButtons } from "../workspace/history-buttons.tsx";
import { WorkspaceHead } from "../workspace/workspace-head.tsx";
import type { TranscriptionEditor } from "./editor.ts";
import { Player } from "./player.ts";
import { PlayerControls } from "./player-controls.tsx";
import { type AudioAction, audioShortcut } from "./shortcuts.ts";
import { Timeline } from "./timeline.tsx";
import type { Caret } from "./transcript-store.ts";

/** Keys that move the caret: the next edit starts a new undo step. */
const CARET_KEYS = new Set([
  "ArrowLeft",
  "ArrowRight",
  "ArrowUp",
  "ArrowDown",
  "Home",
  "End",
  "PageUp",
  "PageDown",
]);

export function TranscriptionWorkspace({ task, item, editor, locked }: WorkspaceProps<TranscriptionEditor>) {
  const { t } = useTranslation();
  const doc = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const audio = item.audio;
  const [player] = useState(() => new Player({ durationMs: audio?.durationMs ?? 0, rate: editor.speed }));
  const p = useSyncExternalStore(player.subscribe, player.getSnapshot);
  const audioRef = useRef<HTMLAudioElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const caretRef = useRef<Caret | null>(null);

  useEffect(() => {
    const el = audioRef.current;
    if (!el) return;
    const release = player.attach(el);
    if (editor.resumeAt > 0) player.seek(editor.resumeAt);
    return () => {
      editor.resumeAt = player.getSnapshot().time;
      release();
    };
  }, [player, editor]);

  useEffect(() => {
    editor.speed = p.rate;
  }, [editor, p.rate]);

  // Time is up or the paper was collected: the recording stops with the work.
  useEffect(() => {
    if (locked) player.pause();
  }, [player, locked]);

  // After undo or redo the caret goes where the text changed, not to the end.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the text the caret belongs to is rendered
  useLayoutEffect(() => {
    const caret = caretRef.current;
    const el = textRef.current;
    caretRef.current = null;
    if (caret && el && document.activeElement === el) el.setSelectionRange(caret.start, caret.end);
  }, [doc.text]);

  const run = (action: AudioAction): boolean => {
    if (locked) return false;
    switch (action.type) {
      case "toggle":
        player.toggle();
        return true;
      case "skip":
        player.skip(action.seconds);
        return true;
      case "slower":
        player.slower();
        return true;
      case "faster":
        player.faster();
        return true;
      case "loop":
        player.toggleLoop();
        return true;
      case "undo":
      case "redo": {
        const caret = action.type === "undo" ? editor.undo() : editor.redo();
        if (caret) caretRef.current = caret;
        return true;
      }
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target;
      if (target !== textRef.current && isTextEntry(target)) return;
      if (target instanceof Element && target.closest('[role="dialog"], [role="alertdialog"]')) return;
      const action = audioShortcut(e);
      if (action && runRef.current(action)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Undo from the context menu (or the Edit menu) comes as beforeinput, not as a key.
  useEffect(() => {
    const el = textRef.current;
    if (!el) return;
    const onBeforeInput = (e: InputEvent) => {
      if (e.inputType !== "historyUndo" && e.inputType !== "historyRedo") return;
      e.preventDefault();
      runRef.current({ type: e.inputType === "historyUndo" ? "undo" : "redo" });
    };
    el.addEventListener("beforeinput", onBeforeInput);
    return () => el.removeEventListener("beforeinput", onBeforeInput);
  }, []);

  const onTextKeyDown = (e: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    if (CARET_KEYS.has(e.key)) editor.mark();
  };

  return (
    <section className="workspace audio-workspace" aria-label={task.title}>
      <WorkspaceHead
        task={task}
        item={item}
        positionText={t("audio.itemOf", { n: item.position, total: task.items.length })}
        instructionsOpen
      />
      {/* biome-ignore lint/a11y/useMediaCaption: a recording to transcribe; the transcript is the task */}
      <audio ref={audioRef} src={audio?.url} preload="auto" data-testid="audio-element" />
      <PlayerControls player={player} />
      {audio && <Timeline player={player} url={audio.url} durationMs={audio.durationMs} />}
      {p.status === "loading" && audio && <p className="muted audio-note">{t("audio.loading")}</p>}
      {(p.status === "error" || !audio) && (
        <p className="banner banner-error" role="alert" data-testid="audio-error">
          {t("audio.failed")}
        </p>
      )}
      <div className="audio-transcript">
        <div className="audio-transcript-head">
          <label htmlFor={`transcript-${item.id}`}>{t("audio.transcript")}</label>
          <div className="toolbar-actions">
            <span className="muted audio-count" data-testid="transcript-count">
              {t("audio.chars", { count: doc.text.length, max: MAX_TRANSCRIPT_CHARS })}
            </span>
            <HistoryButtons
              history={{ undo: () => run({ type: "undo" }), redo: () => run({ type: "redo" }) }}
              state={doc}
              disabled={locked}
              testIdPrefix="transcript-"
            />
          </div>
        </div>
        <textarea
          ref={textRef}
          id={`transcript-${item.id}`}
          className="audio-textarea"
          data-testid="transcript"
          value={doc.text}
          readOnly={locked}
          maxLength={MAX_TRANSCRIPT_CHARS}
          placeholder={t("audio.placeholder")}
          spellCheck={false}
          onChange={(e) => {
            if (!locked) editor.edit(e.target.value);
          }}
          onCompositionStart={() => editor.setComposing(true)}
          onCompositionEnd={() => editor.setComposing(false)}
          onKeyDown={onTextKeyDown}
          onMouseDown={() => editor.mark()}
          onBlur={() => editor.mark()}
        />
      </div>
      <p className="canvas-help audio-help" data-testid="audio-help">
        {t("audio.help")}
      </p>
    </section>
  );
}
