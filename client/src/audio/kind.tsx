// Audio transcription: a player (play / pause, speed, seek, loop a region) and the transcript.
import type { TaskKindClient } from "../exam/task-kind.ts";
import { TranscriptionEditor } from "./editor.ts";
import { TranscriptionWorkspace } from "./transcription-workspace.tsx";

export { TranscriptionEditor };

export const transcriptionKind: TaskKindClient<"TRANSCRIPTION", TranscriptionEditor> = {
  kind: "TRANSCRIPTION",
  createEditor: (_task, _item, saved, ctx) => new TranscriptionEditor(saved, ctx.taskState),
  Workspace: TranscriptionWorkspace,
};
