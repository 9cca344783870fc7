import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_NODE_FLAGS, serverNodeFlags } from "./node-flags.ts";

describe("the server processes' V8 flags", () => {
  it("are the measured defaults unless LA_SERVER_NODE_FLAGS says otherwise", () => {
    expect(serverNodeFlags({})).toEqual(["--max-semi-space-size=64", "--no-incremental-marking"]);
    expect(serverNodeFlags({})).toEqual([...DEFAULT_SERVER_NODE_FLAGS]);
    expect(serverNodeFlags({ LA_SERVER_NODE_FLAGS: "  --max-semi-space-size=32   --trace-gc " })).toEqual([
      "--max-semi-space-size=32",
      "--trace-gc",
    ]);
    // Empty: V8's own defaults.
    expect(serverNodeFlags({ LA_SERVER_NODE_FLAGS: "" })).toEqual([]);
  });
});
