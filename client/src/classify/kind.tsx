// Image classification: the image with the task's labels as toggles (one or several).
import { placeholderKind } from "../exam/placeholder-kind.tsx";

export const imageClassificationKind = placeholderKind("IMAGE_CLASSIFICATION", { labels: [] });
