import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// One project per kind of test, so each can be run alone (`vitest run --project kube`).
// Projects that touch a shared PostgreSQL or cluster run their files one at a time.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["lib/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/database.global.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        // The RBAC test runs the real worker, which keeps its state in PostgreSQL.
        test: { name: "kube", include: ["tests/kube/**/*.test.ts"], globalSetup: ["tests/support/database.global.ts"], testTimeout: 300_000, hookTimeout: 180_000 },
      },
      {
        extends: true,
        test: { name: "chart", include: ["tests/chart/**/*.test.ts"], testTimeout: 300_000, hookTimeout: 300_000 },
      },
      {
        extends: true,
        test: {
          name: "worker",
          include: ["tests/worker/**/*.test.ts"],
          globalSetup: ["tests/support/database.global.ts", "tests/support/worker-bundle.global.ts"],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
