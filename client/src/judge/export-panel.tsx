// The judge's "Export annotations" panel on a session's page (issue 11): pick a task of the
// session's paper, the truth or this session's answers, and a format the task exports to; the
// download is a plain link the browser follows with the session cookie.
import { useEffect, useState } from "react";
import { useLoad } from "../admin/kit.tsx";
import { exportsApi } from "../lib/judge-api.ts";
import { useRefusal, useTr } from "./shared.tsx";

const FORMAT_NAMES: Record<string, string> = {
  coco: "COCO JSON",
  voc: "Pascal VOC (ZIP)",
  yolo: "YOLO (ZIP)",
  jsonl: "JSON Lines",
};

export function ExportPanel({ sessionId }: { sessionId: string }) {
  const { t } = useTr();
  const refusal = useRefusal();
  const tasks = useLoad(() => exportsApi.tasks(sessionId), [sessionId]);
  const [taskId, setTaskId] = useState("");
  const [of, setOf] = useState<"truth" | "answers">("answers");
  const [format, setFormat] = useState("");
  const list = tasks.data ?? [];
  const task = list.find((x) => x.taskId === taskId) ?? list[0];
  const formats = task?.formats ?? [];
  const chosenFormat = formats.includes(format as never) ? format : (formats[0] ?? "");

  useEffect(() => {
    if (task && task.taskId !== taskId) setTaskId(task.taskId);
  }, [task, taskId]);

  return (
    <section className="card admin-panel judge-export" data-testid="export-panel">
      <h2>{t("judging.exports.title")}</h2>
      <p className="muted small">{t("judging.exports.help")}</p>
      {tasks.error !== null && (
        <p className="banner banner-error" role="alert" data-testid="export-error">
          {refusal(tasks.error)}
        </p>
      )}
      {tasks.data && list.length === 0 && <p className="muted">{t("judging.exports.noTasks")}</p>}
      {task && (
        <div className="judge-form">
          <label className="judge-field">
            <span>{t("judging.exports.task")}</span>
            <select
              className="select"
              value={task.taskId}
              onChange={(e) => setTaskId(e.target.value)}
              data-testid="export-task"
            >
              {list.map((x) => (
                <option key={x.taskId} value={x.taskId}>
                  {t("judging.exports.taskOption", {
                    position: x.position,
                    title: x.title,
                    kind: t(`judging.kind.${x.kind}`),
                  })}
                </option>
              ))}
            </select>
          </label>
          <label className="judge-field">
            <span>{t("judging.exports.what")}</span>
            <select
              className="select"
              value={of}
              onChange={(e) => setOf(e.target.value === "truth" ? "truth" : "answers")}
              data-testid="export-of"
            >
              <option value="answers">{t("judging.exports.answers")}</option>
              <option value="truth">{t("judging.exports.truth")}</option>
            </select>
          </label>
          <label className="judge-field">
            <span>{t("judging.exports.format")}</span>
            <select
              className="select"
              value={chosenFormat}
              onChange={(e) => setFormat(e.target.value)}
              data-testid="export-format"
            >
              {formats.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_NAMES[f] ?? f}
                </option>
              ))}
            </select>
          </label>
          <div className="judge-form-actions">
            <a
              className="btn btn-primary"
              href={exportsApi.href(task.taskId, chosenFormat, of, of === "answers" ? sessionId : undefined)}
              download
              data-testid="export-download"
            >
              {t("judging.exports.download")}
            </a>
          </div>
        </div>
      )}
    </section>
  );
}
