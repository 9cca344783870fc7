import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { Prisma } from "../prisma/generated/client.ts";
import { toAppError, toErrorBody } from "./errors.ts";
import { inputFaultOf, sqlStateOf } from "./input-faults.ts";

/** Prisma's error as the pg adapter produces it (shape read from a real 22P05 and 22021). */
function prismaError(originalCode: string, code = "P2039") {
  return new Prisma.PrismaClientKnownRequestError(`Database error. Code: \`${originalCode}\`.`, {
    code,
    clientVersion: "7.10.0",
    meta: {
      modelName: "Answer",
      driverAdapterError: {
        name: "DriverAdapterError",
        cause: { originalCode, originalMessage: "…", kind: "postgres", code: originalCode },
      },
    },
  });
}

function stackOverflow(): unknown {
  const dive = (n: number): number => dive(n + 1) + 1;
  try {
    return dive(0);
  } catch (e) {
    return e;
  }
}

describe("inputFaultOf", () => {
  it.each(["22P05", "22021", "22P02", "22003", "54001"])(
    "recognises SQLSTATE %s in Prisma's wrapper",
    (s) => {
      expect(inputFaultOf(prismaError(s))).toBe(s);
    },
  );

  it("finds the SQLSTATE in the adapter's own error and in pg's", () => {
    const adapter = new DriverAdapterError({
      kind: "postgres",
      code: "22021",
      originalCode: "22021",
      originalMessage: "invalid byte sequence",
      severity: "ERROR",
      message: "invalid byte sequence",
    } as ConstructorParameters<typeof DriverAdapterError>[0]);
    expect(sqlStateOf(adapter)).toBe("22021");
    const pg = Object.assign(new Error("unsupported Unicode escape sequence"), {
      code: "22P05",
      severity: "ERROR",
    });
    expect(inputFaultOf(pg)).toBe("22P05");
  });

  it("recognises a stack overflow", () => {
    const e = stackOverflow();
    expect(e).toBeInstanceOf(RangeError);
    expect(inputFaultOf(e)).toBe("stack");
  });

  it("leaves every other failure alone", () => {
    expect(inputFaultOf(prismaError("23505", "P2002"))).toBeNull(); // a unique violation is ours to handle
    expect(inputFaultOf(prismaError("40001"))).toBeNull();
    expect(inputFaultOf(new RangeError("Invalid array length"))).toBeNull();
    expect(inputFaultOf(Object.assign(new Error("x"), { code: "22P05" }))).toBeNull(); // not a database error
    expect(inputFaultOf(new Error("boom"))).toBeNull();
    expect(inputFaultOf(null)).toBeNull();
    expect(inputFaultOf("22P05")).toBeNull();
  });
});

describe("toAppError", () => {
  it("maps input faults to VALIDATION_FAILED (400) and other errors to nothing", () => {
    const mapped = toAppError(prismaError("22P05"));
    expect(mapped?.code).toBe("VALIDATION_FAILED");
    expect(mapped?.status).toBe(400);
    expect(toErrorBody(stackOverflow())).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { cause: "stack" },
    });
    expect(toAppError(new Error("boom"))).toBeNull();
    expect(toErrorBody(new Error("boom"))).toEqual({ code: "INTERNAL", message: "Internal error." });
  });
});
