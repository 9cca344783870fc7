// Unit tests of the waveform's reduction to one peak per column.
import { describe, expect, it } from "vitest";
import { peaks } from "./waveform.ts";

describe("peaks", () => {
  it("takes the largest absolute sample of each column", () => {
    expect([...peaks([0, 0.5, -0.75, 0.125, 0, 0, 0.25, -0.25], 4)]).toEqual([0.5, 0.75, 0, 0.25]);
  });

  it("stretches fewer samples than columns, and clips at 1", () => {
    expect([...peaks([0.5, -2], 4)]).toEqual([0.5, 0.5, 1, 1]);
  });

  it("is empty without columns or samples", () => {
    expect(peaks([1, 2], 0)).toHaveLength(0);
    expect([...peaks([], 3)]).toEqual([0, 0, 0]);
  });
});
