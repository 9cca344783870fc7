// Every task kind's tool, by kind.
import type { TaskKind } from "../../../protocol/index.ts";
import { transcriptionKind } from "../audio/kind.tsx";
import { boxesKind, keypointsKind, pointsKind, polygonsKind } from "../canvas/kinds.tsx";
import { imageClassificationKind } from "../classify/kind.tsx";
import { tableKind } from "../grid/kind.tsx";
import { textClassificationKind, textSpansKind } from "../text/kind.tsx";
import type { AnyTaskKindClient } from "./task-kind.ts";

/** Each kind's client is typed by its own editor; the registry looks them up by kind alone. */
const any = (client: object) => client as AnyTaskKindClient;

export const TASK_KIND_CLIENTS: Record<TaskKind, AnyTaskKindClient> = {
  BOXES: any(boxesKind),
  POLYGONS: any(polygonsKind),
  POINTS: any(pointsKind),
  KEYPOINTS: any(keypointsKind),
  IMAGE_CLASSIFICATION: any(imageClassificationKind),
  TEXT_SPANS: any(textSpansKind),
  TEXT_CLASSIFICATION: any(textClassificationKind),
  TRANSCRIPTION: any(transcriptionKind),
  TABLE: any(tableKind),
};
