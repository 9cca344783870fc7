// The scorer version stored with every score version; bump it when any scorer's results can change.
export const SCORER_VERSION = "1.1.0";
