// The pure scoring library used by the score-attempt worker and the score CLI: no I/O, no clock,
// no randomness. One module per task kind; geometry and matching in their own modules.
export * from "./boxes.ts";
export * from "./classification.ts";
export * from "./coco-kinds.ts";
export * from "./compose.ts";
export * from "./detections.ts";
export * from "./geometry.ts";
export * from "./hungarian.ts";
export * from "./keypoints.ts";
export * from "./points.ts";
export * from "./polygons.ts";
export * from "./result.ts";
export * from "./shape-matching.ts";
export * from "./spans.ts";
export * from "./table.ts";
export * from "./text-kinds.ts";
export * from "./theory.ts";
export * from "./transcription.ts";
export * from "./types.ts";
export * from "./version.ts";
