// Table cleaning: a grid to edit cells, mark rows duplicate or invalid and fill missing values.
import { placeholderKind } from "../exam/placeholder-kind.tsx";

export const tableKind = placeholderKind("TABLE", { rows: [], marks: [] });
