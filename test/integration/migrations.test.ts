// The migrations in prisma/migrations apply to an empty database and describe the whole schema.
import { describe, expect, it } from "vitest";
import { pendingSchemaDiff } from "../../prisma/migrate.ts";
import { createTestDatabase } from "../helpers/db.ts";

describe("prisma migrations", () => {
  it("leave nothing between the migrations and schema.prisma (a schema change needs a migration)", async () => {
    const db = await createTestDatabase();
    try {
      expect(await pendingSchemaDiff(db.url)).toBe("");
    } finally {
      await db.drop();
    }
  });
});
