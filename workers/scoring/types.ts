// Result and error types shared by the scorers.

/** One matched pair: the ids of a truth box and an answer box, and their IoU. */
export interface Match {
  truth: string;
  answer: string;
  iou: number;
}

/** The score of one item, in [0, 1], with the counts it was computed from. */
export interface ItemScore {
  id: string;
  score: number;
  tp: number;
  fp: number;
  fn: number;
  matches: Match[];
}

/**
 * Truth, answer, key or settings that cannot be scored. Scorers throw it instead of returning a
 * silent 0; the message always names the item when one is given.
 */
export class ScoringInputError extends Error {
  override name = "ScoringInputError";
  readonly itemId?: string;

  constructor(message: string, itemId?: string) {
    super(itemId !== undefined && !message.includes(itemId) ? `item ${itemId}: ${message}` : message);
    this.itemId = itemId;
  }
}
