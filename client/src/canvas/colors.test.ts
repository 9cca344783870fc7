// Unit tests of label colours.
import { describe, expect, it } from "vitest";
import { labelColor, withAlpha } from "./colors.ts";

describe("withAlpha", () => {
  it("turns hex colours into rgba, with a fallback", () => {
    expect(withAlpha("#e4572e", 0.1)).toBe("rgba(228, 87, 46, 0.1)");
    expect(withAlpha("#fff", 1)).toBe("rgba(255, 255, 255, 1)");
    expect(withAlpha("red", 0.5)).toBe("rgba(100, 116, 139, 0.5)");
  });
});

describe("labelColor", () => {
  it("finds the colour of a label", () => {
    expect(labelColor([{ id: "car", color: "#e4572e" }], "car")).toBe("#e4572e");
    expect(labelColor([], "car")).toBe("#64748b");
  });
});
