import { describe, expect, it } from "vitest";
import { labelIdFrom, labelProblems, nextLabelColor } from "./labels.ts";

describe("the label set", () => {
  it("makes ids from names, unique in the set", () => {
    expect(labelIdFrom("Traffic light", [])).toBe("traffic-light");
    expect(labelIdFrom("Café", [])).toBe("cafe");
    expect(labelIdFrom("汽车", [])).toBe("label");
    expect(labelIdFrom("汽车", ["label", "label-2"])).toBe("label-3");
    expect(labelIdFrom("car", ["car"])).toBe("car-2");
  });

  it("picks an unused colour and names each problem", () => {
    expect(nextLabelColor([])).toBe("#e4572e");
    expect(nextLabelColor([{ id: "a", name: "a", color: "#E4572E" }])).toBe("#17bebb");
    expect(labelProblems([{ id: "car", name: "Car", color: "#e4572e" }])).toBeNull();
    const p = labelProblems([
      { id: "car", name: "Car", color: "#e4572e" },
      { id: "car", name: "Car 2", color: "red" },
      { id: "bad id", name: "", color: "#000000" },
    ]);
    expect(p?.["1.id"]).toMatch(/duplicate/);
    expect(p?.["1.color"]).toBeTruthy();
    expect(p?.["2.id"]).toBeTruthy();
    expect(p?.["2.name"]).toBeTruthy();
  });
});
