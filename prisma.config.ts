// Prisma runs on its WebAssembly engine ("js") with the pg driver adapter, so generate, migrate
// and queries need no native engine download (see docs/architecture.md, "Database").
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "" });
  },
});
