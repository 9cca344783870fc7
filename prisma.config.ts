// Prisma CLI configuration: schema, migrations and the database URL.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // process.env instead of env(): env() throws when DATABASE_URL is unset, even for `prisma generate`.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
