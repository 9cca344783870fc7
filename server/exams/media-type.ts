// The media types an item may be served as: pixels and sound, told by their bytes. The rule lives
// in core/formats/media.ts, shared with the dataset import (which stores only what may be served).
export { MEDIA_HEAD_BYTES, servableMedia } from "../../core/formats/media.ts";
