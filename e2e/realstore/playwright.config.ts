// The real-store suite: a whole store's life on the local test ground's real node, through the
// product's own path (portal REST API -> provisioning worker -> Helm -> kubelet). It starts its
// own portal (the build scripts/test.sh made, as the image runs it) and one worker whose chart values
// put stores on the real node. Without a real node or the store images it starts nothing and
// the spec reports itself skipped with the reason.
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../chromium";
import { reporters } from "../reporters";
import { CUSTOM_DOMAIN_SUFFIX, REALSTORE_DNS_PORT, realNodeSettings } from "./real-node";

const port = Number(process.env.REALSTORE_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1);
const baseURL = `http://127.0.0.1:${port}`;
const metricsPort = Number(process.env.REALSTORE_WORKER_METRICS_PORT ?? Number(process.env.E2E_WORKER_METRICS_PORT ?? 9465) + 1);
const node = realNodeSettings();
const baseDomain = process.env.STORE_BASE_DOMAIN ?? "stores.localtest.me";
// The servers run from the repository root (the build, the worker's chart path).
const cwd = fileURLToPath(new URL("../..", import.meta.url));

function servers() {
  if ("skip" in node) return [];
  const databaseUrl = process.env.REALSTORE_DATABASE_URL;
  if (!databaseUrl) throw new Error("REALSTORE_DATABASE_URL must name a fresh, migrated database (scripts/test.sh creates one)");
  const env = {
    ...process.env,
    ...node.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_URL: baseURL,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "realstore-secret-realstore-secret-0123",
    STORE_BASE_DOMAIN: baseDomain,
    NEXT_TELEMETRY_DISABLED: "1",
    // Health checks often enough to be seen within the suite, through the route's port on this
    // host (store host names do not resolve here; the checks send them as the Host header).
    HEALTH_CHECK_INTERVAL_SECONDS: "20",
    HEALTH_CHECK_CONNECT_TO: `127.0.0.1:${node.env.STORE_URL_PORT || "80"}`,
    // Custom domains are proven by TXT records the suite publishes on its own DNS server.
    DOMAIN_DNS_SERVERS: `127.0.0.1:${REALSTORE_DNS_PORT}`,
  } as Record<string, string>;
  return [
    { command: `node .next/standalone/dist/portal.mjs --port ${port} --hostname 127.0.0.1`, cwd, url: `${baseURL}/api/health`, env, reuseExistingServer: false, timeout: 120_000, stdout: "ignore" as const, stderr: "pipe" as const },
    {
      command: "npx tsx lib/worker/main.ts",
      cwd,
      url: `http://127.0.0.1:${metricsPort}/metrics`,
      env: { ...env, WORKER_METRICS_PORT: String(metricsPort), WORKER_RESYNC_SECONDS: "15" },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: process.env.REALSTORE_WORKER_LOG ? ("pipe" as const) : ("ignore" as const),
      stderr: "pipe" as const,
    },
  ];
}

export default defineConfig({
  testDir: ".",
  testMatch: /\.spec\.ts$/,
  // Says why the suite is skipped, once, where the run's output shows it.
  globalSetup: "./global-setup.ts",
  outputDir: "../../test-results/realstore",
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 20 * 60_000,
  expect: { timeout: 30_000 },
  reporter: reporters(),
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // No DNS here: store hosts go to 127.0.0.1 (the route port), as a wildcard record would.
    // Custom domains end in .example.test, which the suite's DNS proves and this maps the same way.
    launchOptions: chromiumLaunchOptions([`--host-resolver-rules=MAP *.${baseDomain} 127.0.0.1, MAP *.${CUSTOM_DOMAIN_SUFFIX} 127.0.0.1`]),
  },
  webServer: servers(),
});
