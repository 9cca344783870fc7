// The editor of one transcription item: its transcript store, and what the player remembers while
// the page is open (the speed, shared by the task's items, and where this item's playback stood).
import type { TranscriptionAnswer } from "../../../protocol/index.ts";
import { TranscriptStore, type TranscriptStoreOptions } from "./transcript-store.ts";

export class TranscriptionEditor extends TranscriptStore {
  /** Seconds into the recording when the item was last left. */
  resumeAt = 0;

  constructor(
    saved: TranscriptionAnswer | null,
    private readonly taskState: Map<string, unknown>,
    options: Omit<TranscriptStoreOptions, "text"> = {},
  ) {
    super({ ...options, text: saved?.text ?? "" });
  }

  get speed(): number {
    const kept = this.taskState.get("audioSpeed");
    return typeof kept === "number" ? kept : 1;
  }

  set speed(rate: number) {
    this.taskState.set("audioSpeed", rate);
  }
}
