// Socket.IO middleware (`socket.use`) that refuses hostile event arguments before any handler sees
// them: NUL, lone surrogates, deep nesting or too many values. An event with an ack is answered
// VALIDATION_FAILED with the path; one without is dropped.
import type { Event } from "socket.io";
import { ValidationError } from "../../core/errors.ts";
import { findInputProblem, type InputLimits } from "../../protocol/index.ts";

export function guardSocketInput(limits: Partial<InputLimits> = {}) {
  return ([, ...args]: Event, next: (err?: Error) => void): void => {
    const ack = typeof args.at(-1) === "function" ? (args.pop() as (res: unknown) => void) : null;
    // Events carry one payload: its paths then read like the schema's (`data.boxes.0`), not `0.data…`.
    const problem = findInputProblem(args.length === 1 ? args[0] : args, limits);
    if (!problem) {
      next();
      return;
    }
    // Not next(err): Socket.IO would emit it as an "error" event on the socket, which nothing wants.
    if (ack) {
      const error = new ValidationError(problem.message, { path: problem.path, problem: problem.kind });
      ack({ error: error.toBody() });
    }
  };
}
