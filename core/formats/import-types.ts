// The contract between a dataset upload and the task it fills (core/formats/import.ts reads, the
// authoring service writes). A reading never throws on bad content: every record gets a row, and
// any problem means the import is refused whole.
import type { TaskKind } from "../../protocol/annotations.ts";
import type { DatasetFormat, DatasetImportRow, LabelDef } from "../../protocol/authoring.ts";

/** The upload: the zip's entries (already passed by the zip guard) or the one file, by path. */
export type DatasetFiles = ReadonlyMap<string, Uint8Array>;

/** The task being filled. */
export interface ImportTarget {
  kind: TaskKind;
  labels: readonly LabelDef[];
  /** The task's settings as parsed by parseTaskSettings (e.g. a KEYPOINTS skeleton). */
  settings: Readonly<Record<string, unknown>>;
  /** Add labels the dataset names that the task lacks (else each is a problem). */
  addLabels: boolean;
}

/** One item ready to be written: Item.payload, GroundTruth.data and the media to store. */
export interface ImportedItem {
  sourceName: string;
  payload: Record<string, unknown>;
  truth: unknown;
  media?: { bytes: Uint8Array; type: string };
}

export interface DatasetReading {
  /** True when no row was refused: then `items` is the whole import, in dataset order. */
  ok: boolean;
  items: ImportedItem[];
  rows: DatasetImportRow[];
  /** Labels added to the task's set (addLabels), with ids and colours chosen. */
  labelsAdded: LabelDef[];
}

export type ReadDataset = (
  format: DatasetFormat,
  files: DatasetFiles,
  target: ImportTarget,
) => Promise<DatasetReading>;
