// The scorer version stored with every score version; bump it when any scorer's results can change.
// 1.2.0: the worker scores every task kind (an unsaved table counts as given; an unreadable answer
// polygon counts as one extra shape).
export const SCORER_VERSION = "1.2.0";
