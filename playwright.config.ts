// End-to-end tests of the portal in Debian's Chromium (Playwright cannot download browsers here).
// scripts/test.sh builds the app (`npm run build`), creates a fresh database and makes sure KUBECONFIG names a
// cluster; this config starts the built portal and one provisioning worker against them.
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/chromium";
import { reporters } from "./e2e/reporters";
import { ADMIN_EMAIL } from "./e2e/portal/helpers";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) throw new Error("E2E_DATABASE_URL must name a fresh, migrated database (scripts/test.sh creates one)");
const workerMetricsPort = Number(process.env.E2E_WORKER_METRICS_PORT ?? 9465);
const serverEnv = {
  ...process.env,
  // The suite's administrator, signed up first by the setup project (e2e/portal/global.setup.ts).
  ADMIN_EMAIL,
  DATABASE_URL: databaseUrl,
  NEXTAUTH_URL: baseURL,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-012345",
  NEXT_TELEMETRY_DISABLED: "1",
  // Every spec signs in and up from 127.0.0.1; only the per-account throttle is under test here
  // (e2e/portal/security.spec.ts), the per-IP one in tests/integration.
  AUTH_RATE_LIMIT_PER_IP: "10000",
  // The simulated cluster's stores serve no pages: health checks run on the real node (e2e/realstore).
  HEALTH_CHECK_INTERVAL_SECONDS: "0",
} as Record<string, string>;

export default defineConfig({
  testDir: "e2e/portal",
  outputDir: "test-results/portal",
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: reporters(["html", { open: "never", outputFolder: "playwright-report" }]),
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: "setup", testMatch: /global\.setup\.ts/ },
    { name: "portal", dependencies: ["setup"], testMatch: /\.spec\.ts$/ },
  ],
  webServer: [
    {
      // The build output exactly as the image runs it (scripts/build.sh): server.ts bundled, in
      // Next.js's standalone output; it records the socket's peer for the audit log and throttles.
      command: `node .next/standalone/dist/portal.mjs --port ${port} --hostname 127.0.0.1`,
      url: `${baseURL}/api/health`,
      env: serverEnv,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // One provisioning worker against the cluster in KUBECONFIG (scripts/test.sh starts the
      // local one when none is configured); ready when its metrics endpoint answers.
      command: "npx tsx lib/worker/main.ts",
      url: `http://127.0.0.1:${workerMetricsPort}/metrics`,
      env: { ...serverEnv, WORKER_METRICS_PORT: String(workerMetricsPort), WORKER_RESYNC_SECONDS: "15" },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: process.env.E2E_WORKER_LOG ? "pipe" : "ignore",
      stderr: "pipe",
    },
  ],
});
