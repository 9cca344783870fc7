// Answer documents: what a contestant saves for an item or a question, in image pixels.
import { z } from "zod";

/** Largest serialized answer the server stores, in bytes. */
export const MAX_ANSWER_BYTES = 1_000_000;
export const MAX_BOXES_PER_ITEM = 5_000;

const coord = z.number().finite();

export const boxSchema = z
  .object({
    id: z.string().min(1).max(64),
    label: z.string().min(1).max(64),
    x: coord,
    y: coord,
    w: coord.positive(),
    h: coord.positive(),
  })
  .strict();
export type Box = z.infer<typeof boxSchema>;

export const boxesAnswerSchema = z
  .object({ boxes: z.array(boxSchema).max(MAX_BOXES_PER_ITEM) })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.boxes.forEach((b, i) => {
      if (seen.has(b.id))
        ctx.addIssue({ code: "custom", path: ["boxes", i, "id"], message: "duplicate box id" });
      seen.add(b.id);
    });
  });
export type BoxesAnswer = z.infer<typeof boxesAnswerSchema>;

export const singleChoiceAnswerSchema = z.object({ choice: z.string().min(1).max(64) }).strict();
export const multipleChoiceAnswerSchema = z
  .object({ choices: z.array(z.string().min(1).max(64)).max(26) })
  .strict();
export const trueFalseAnswerSchema = z.object({ value: z.boolean() }).strict();

export type SingleChoiceAnswer = z.infer<typeof singleChoiceAnswerSchema>;
export type MultipleChoiceAnswer = z.infer<typeof multipleChoiceAnswerSchema>;
export type TrueFalseAnswer = z.infer<typeof trueFalseAnswerSchema>;
export type QuestionAnswer = SingleChoiceAnswer | MultipleChoiceAnswer | TrueFalseAnswer;

export const QUESTION_KINDS = ["SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const TASK_KINDS = ["BOXES"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const questionAnswerSchemas = {
  SINGLE_CHOICE: singleChoiceAnswerSchema,
  MULTIPLE_CHOICE: multipleChoiceAnswerSchema,
  TRUE_FALSE: trueFalseAnswerSchema,
} as const;

export const taskAnswerSchemas = {
  BOXES: boxesAnswerSchema,
} as const;

export const labelSchema = z.object({ id: z.string(), name: z.string(), color: z.string() });
export type Label = z.infer<typeof labelSchema>;
