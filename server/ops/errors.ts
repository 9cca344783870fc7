// Errors of the operations endpoints, mapped to HTTP by the one error handler.
import { AppError } from "../../core/errors.ts";

/** The cluster primary did not return the aggregated metrics; a scrape must fail, not show a part. */
export class MetricsUnavailableError extends AppError {
  constructor(reason: string) {
    super("INTERNAL", `The metrics of the server processes could not be gathered: ${reason}`);
  }
}
