import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../chromium";
import { reporters } from "../reporters";

// Checkout test of a WooCommerce store made by charts/woocommerce-store. Runs against any store by
// its URL (STORE_URL): the local one started by scripts/store-test/run.sh or a store in a cluster.
export default defineConfig({
  testDir: ".",
  testMatch: ["checkout.spec.ts", "admin-login.spec.ts"],
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: reporters(),
  outputDir: process.env.STORE_TEST_OUTPUT_DIR ?? path.join(os.tmpdir(), "storefleet-store-e2e"),
  use: {
    baseURL: process.env.STORE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ignoreHTTPSErrors: process.env.STORE_TEST_INSECURE_TLS === "1",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: "store-chromium", use: { browserName: "chromium" } }],
});
