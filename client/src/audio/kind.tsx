// Audio transcription: a player (play / pause, speed, seek, loop a region) and the transcript.
import { placeholderKind } from "../exam/placeholder-kind.tsx";

export const transcriptionKind = placeholderKind("TRANSCRIPTION", { text: "" });
