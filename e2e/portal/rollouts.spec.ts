// A fleet upgrade from the portal, with the real worker, API server and Helm: a second worker
// shipping another store chart records a new fleet version; the owner pins one of two stores on
// its page; the administrator starts a rollout on the Rollouts page, which upgrades the other
// store live and skips the pinned one, saying why; a second rollout back to the first version is
// paused and rolled back from its page. (The waves, a failure and Helm's side are
// tests/worker/rollouts.test.ts.)
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_EMAIL, signIn, signUp, uniqueEmail } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 300_000 });

const suffix = Date.now().toString(36);
const NEW_CHART_VERSION = "0.5.1-e2e";
const dir = mkdtempSync(path.join(tmpdir(), "storefleet-e2e-chart-"));
let secondWorker: ChildProcess | null = null;

/** Stops the second worker and its children (npx, tsx and node): they run in a group of their own. */
function stopSecondWorker() {
  const pid = secondWorker?.pid;
  secondWorker = null;
  if (!pid) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

test.afterAll(() => {
  stopSecondWorker();
  rmSync(dir, { recursive: true, force: true });
});

/** A worker whose store chart has another version: it records a new fleet version when it starts. */
function startWorkerWithNewChart() {
  const chart = path.join(dir, "woocommerce-store");
  cpSync(path.resolve("charts/woocommerce-store"), chart, { recursive: true });
  const chartYaml = path.join(chart, "Chart.yaml");
  writeFileSync(chartYaml, readFileSync(chartYaml, "utf8").replace(/^version: .*$/m, `version: ${NEW_CHART_VERSION}`));
  secondWorker = spawn("npx", ["tsx", "lib/worker/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-012345",
      STORE_CHART_PATH: chart,
      WORKER_METRICS_PORT: "0",
      HEALTH_CHECK_INTERVAL_SECONDS: "0",
    },
    stdio: "ignore",
    detached: true,
  });
}

async function createReadyStore(page: Page, name: string): Promise<string> {
  await page.goto("/stores/new");
  await page.getByLabel("Store name").fill(name);
  await page.getByRole("button", { name: "Create store" }).click();
  await expect(page).toHaveURL(/\/stores\/(?!new$)[a-z0-9]+$/);
  await expect(page.getByTestId("phase-badge").first()).toHaveText(/Ready/, { timeout: 180_000 });
  return page.url();
}

/** Picks the start form's target version whose label starts with `label`. */
async function chooseVersion(admin: Page, label: string): Promise<void> {
  const select = admin.getByLabel("Target version");
  const value = await select.locator("option", { hasText: label }).first().getAttribute("value");
  await select.selectOption(value!);
}

async function pageAs(browser: Browser, email: string, signUpFirst: boolean): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (signUpFirst) await signUp(page, email, "Olga Owner");
  else await signIn(page, email);
  return page;
}

test("the owner pins a store; the administrator's rollout upgrades the other live and skips the pinned one", async ({ browser }) => {
  const owner = await pageAs(browser, uniqueEmail("rollout-owner"), true);
  const upgradedUrl = await createReadyStore(owner, `wave-${suffix}`);
  const pinnedUrl = await createReadyStore(owner, `pinned-${suffix}`);
  await expect(owner.getByTestId("store-version")).toContainText(/Runs chart 0\.5\.0 · /);
  await owner.getByLabel("Pin for").fill("91");
  await owner.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(owner.locator("#pin-days-error")).toHaveText("days must be at most 90");
  await owner.getByLabel("Pin for").fill("14");
  await owner.getByRole("button", { name: "Pin", exact: true }).click();
  await expect(owner.getByTestId("pinned-until")).toContainText("fleet rollouts skip this store");

  startWorkerWithNewChart();
  const admin = await pageAs(browser, ADMIN_EMAIL, false);
  await admin.getByRole("link", { name: "Rollouts" }).click();
  await expect(admin.getByRole("heading", { name: "Rollouts", level: 1 })).toBeVisible();
  // The new worker records its version when it starts; the page lists it once it has.
  await expect(async () => {
    await admin.reload();
    await expect(admin.getByTestId("version").first()).toContainText(`chart ${NEW_CHART_VERSION} · `, { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  // Its version is recorded; the suite's own worker applies every version.
  stopSecondWorker();

  await chooseVersion(admin, `chart ${NEW_CHART_VERSION} · `);
  await admin.getByLabel("Canary size").fill("1");
  await admin.getByLabel("Batch size").fill("2");
  await admin.getByRole("button", { name: "Start rollout" }).click();
  await expect(admin).toHaveURL(/\/admin\/rollouts\/[a-z0-9]+$/);
  // The page follows the rollout live until it is done.
  await expect(admin.getByTestId("rollout-state")).toHaveText(/Succeeded/, { timeout: 180_000 });
  const pinnedRow = admin.getByTestId("rollout-store").filter({ hasText: `pinned-${suffix}` });
  await expect(pinnedRow).toContainText("Skipped: pinned by its owner until");
  await expect(admin.getByTestId("rollout-store").filter({ hasText: `wave-${suffix}` })).toContainText("Upgraded");

  await owner.goto(upgradedUrl);
  await expect(owner.getByTestId("store-version")).toContainText(`Runs chart ${NEW_CHART_VERSION} · `);
  await expect(owner.getByTestId("timeline-step").filter({ hasText: `Store runs chart ${NEW_CHART_VERSION}` })).toBeVisible();
  await owner.goto(pinnedUrl);
  await expect(owner.getByTestId("store-version")).toContainText(/Runs chart 0\.5\.0 · /);
  await owner.getByRole("button", { name: "Unpin" }).click();
  await expect(owner.getByTestId("pinned-until")).toHaveCount(0);
  await expect(owner.getByLabel("Pin for")).toBeVisible();
});

test("a rollout can be paused and rolled back from its page", async ({ browser }) => {
  const admin = await pageAs(browser, ADMIN_EMAIL, false);
  await admin.goto("/admin/rollouts");
  // Back to the first version: the store upgraded above is the only one not on it.
  await chooseVersion(admin, "chart 0.5.0 · ");
  await admin.getByRole("button", { name: "Start rollout" }).click();
  await expect(admin).toHaveURL(/\/admin\/rollouts\/[a-z0-9]+$/);
  await admin.getByRole("button", { name: "Pause" }).click();
  await expect(admin.getByTestId("rollout-state")).toHaveText(/Paused/);
  await expect(admin.getByRole("button", { name: "Resume" })).toBeVisible();
  await admin.getByRole("button", { name: "Roll back every store this rollout upgraded" }).click();
  await expect(admin.getByTestId("rollout-state")).toHaveText(/Rolled back/, { timeout: 180_000 });
  await expect(admin.getByRole("button", { name: "Pause" })).toHaveCount(0);
});
