// Runs the pure part of the save path (the input guard, the request and document schemas, the
// checks against an item, serializing) a few thousand times when a server process starts, so that
// V8 has compiled it before the first contestants save: otherwise the first seconds of an exam,
// when everyone saves at once, are also the seconds this code runs slowest.
import { findInputProblem, saveAnswerRequestSchema } from "../../protocol/index.ts";
import { validateAnswer } from "./answer-validation.ts";
import type { PaperStructure } from "./paper-structure.ts";

export function warmUpSavePath(rounds = 3000): void {
  const paper: PaperStructure = {
    questions: new Map([["q", { kind: "SINGLE_CHOICE", optionIds: new Set(["A", "B"]) }]]),
    items: new Map([
      [
        "i",
        {
          kind: "BOXES",
          labelIds: new Set(["car", "person"]),
          options: {},
          width: 1000,
          height: 800,
          textLength: 0,
          table: null,
        },
      ],
    ]),
    total: 2,
  };
  for (let n = 0; n < rounds; n++) {
    const boxes = Array.from({ length: 5 + (n % 30) }, (_, i) => ({
      id: `b-${n}-${i}`,
      label: i % 2 ? "car" : "person",
      x: 10 + i,
      y: 20 + (n % 7),
      w: 30,
      h: 40,
    }));
    const req = {
      attemptId: "warm-up",
      target: n % 5 ? { kind: "item", id: "i" } : { kind: "question", id: "q" },
      revision: n + 1,
      data: n % 5 ? { boxes } : { choice: "A" },
    };
    const wire = JSON.parse(JSON.stringify(req)) as unknown;
    if (findInputProblem(wire)) continue;
    const parsed = saveAnswerRequestSchema.safeParse(wire);
    if (!parsed.success) continue;
    const json = JSON.stringify(parsed.data.data);
    validateAnswer(paper, parsed.data.target, parsed.data.data, Buffer.byteLength(json));
  }
}
