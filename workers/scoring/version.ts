// The scorer version stored with every score version; bump it when any scorer's results can change.
// 1.2.0: the worker scores every task kind (an unsaved table counts as given; an unreadable answer
// polygon counts as one extra shape).
// 1.3.0: tables are scored on the work done (an untouched table scores 0); boxes and polygons earn
// the COCO-style mean credit over IoU 0.50:0.95 by default; COCO detections use pycocotools' box IoU
// to the last bit and report its whole 12-figure summary.
export const SCORER_VERSION = "1.3.0";
