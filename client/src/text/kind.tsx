// Text task kinds: span labelling by selecting characters, and text classification.
import { placeholderKind } from "../exam/placeholder-kind.tsx";

export const textSpansKind = placeholderKind("TEXT_SPANS", { spans: [] });
export const textClassificationKind = placeholderKind("TEXT_CLASSIFICATION", { labels: [] });
