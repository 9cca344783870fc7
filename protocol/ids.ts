// The one shape of an id that crosses the boundary: database ids (cuid), shape ids (UUID) and seed ids.
import { z } from "zod";

/** Letters, digits, `_` and `-`, 1 to 64 of them: no NUL, no surrogate, nothing to escape in a URL. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const idSchema = z.string().regex(ID_PATTERN, "not a valid id");

/** Route parameters `/…/:id`. */
export const idParamsSchema = z.object({ id: idSchema });
