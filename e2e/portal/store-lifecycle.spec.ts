// The whole life of a store, through the UI, with a real worker, a real API server and Helm:
// sign up, create, watch it reach Ready, reveal the admin login, suspend, resume, back up, delete, and see
// it gone from the list and from the cluster. Screenshots of the main pages are saved under
// test-results/screenshots/ (and attached to the HTML report).
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import * as k8s from "@kubernetes/client-node";
import { adminLoginToken } from "../../lib/stores/admin-login-token";
import { ADMIN_EMAIL, signIn, signOut, signUp, uniqueEmail } from "./helpers";

// Serial: each test continues the same store; after a failure the rest are skipped.
test.describe.configure({ mode: "serial", timeout: 300_000 });

const slug = `life-${Date.now().toString(36)}`;
const owner = uniqueEmail("lifecycle");
const namespace = `store-${slug}`;
let storePath = "";

const kc = new k8s.KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

async function expectPhase(page: Page, phase: string, timeout = 180_000) {
  await expect(page.getByTestId("phase-badge").first()).toHaveText(new RegExp(phase), { timeout });
}

async function namespaceExists(): Promise<boolean> {
  try {
    await core.readNamespace({ name: namespace });
    return true;
  } catch {
    return false;
  }
}

test("a member creates a store and watches it become Ready", async ({ page }, testInfo) => {
  await signUp(page, owner, "Lena Lifecycle");
  await page.goto("/stores/new");
  await page.getByLabel("Store name").fill(slug);
  await page.getByLabel("Display name (optional)").fill("Lifecycle Shop");
  await screenshot(page, testInfo, "01-create-form");
  await page.getByRole("button", { name: "Create store" }).click();
  await expect(page).toHaveURL(/\/stores\/(?!new$)[a-z0-9]+$/);
  storePath = new URL(page.url()).pathname;

  await expectPhase(page, "Ready");
  const steps = page.getByTestId("timeline-step");
  for (const step of ["namespace", "secrets", "database", "wordpress", "bootstrap", "ingress", "ready"]) {
    await expect(steps.filter({ hasText: new RegExp(`Done\\s*${step}`, "i") }).first()).toBeVisible();
  }
  await screenshot(page, testInfo, "02-store-ready");

  const ns = await core.readNamespace({ name: namespace });
  expect(ns.metadata?.labels).toMatchObject({ "app.kubernetes.io/managed-by": "storefleet", "pod-security.kubernetes.io/enforce": "restricted" });
  const deployment = await apps.readNamespacedDeployment({ name: `${slug}-wordpress`, namespace });
  expect(deployment.status?.availableReplicas).toBe(1);

  await page.goto("/stores");
  await expect(page.getByTestId(`store-${slug}`).getByTestId("phase-badge")).toHaveText(/Ready/);
  await screenshot(page, testInfo, "03-store-list");
});

test("the owner reveals the WordPress admin login, which matches the store's Secret", async ({ page }, testInfo) => {
  const secret = await core.readNamespacedSecret({ name: `${slug}-credentials`, namespace });
  const password = Buffer.from(secret.data!["admin-password"]!, "base64").toString("utf8");
  await signIn(page, owner);
  await page.goto(storePath);
  await page.getByRole("button", { name: "Reveal admin login" }).click();
  await expect(page.getByTestId("admin-username")).toHaveText("admin");
  await expect(page.getByTestId("admin-password")).toHaveText(password);
  await screenshot(page, testInfo, "04-credentials-revealed");
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByTestId("admin-password")).toHaveCount(0);
  await page.goto("/audit");
  await expect(page.getByRole("table").first()).toContainText("store.credentials_reveal");
  await screenshot(page, testInfo, "05-audit-log");
});

test("Open WordPress admin follows a single-use link signed with the store's login secret", async ({ page }) => {
  const secret = await core.readNamespacedSecret({ name: `${slug}-credentials`, namespace });
  const loginSecret = Buffer.from(secret.data!["login-secret"]!, "base64").toString("utf8");
  // Nothing serves the store's host on the simulated cluster: the link is caught where it leads.
  let followed = "";
  await page.route(/storefleet_login=/, (route) => {
    followed = route.request().url();
    return route.fulfill({ status: 200, contentType: "text/plain", body: "caught" });
  });
  await signIn(page, owner);
  await page.goto(storePath);
  await page.getByRole("button", { name: "Open WordPress admin" }).click();
  await expect.poll(() => followed).toMatch(new RegExp(`^https?://${slug}\\.[^/]+/\\?storefleet_login=v1\\.${slug}\\.\\d+\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$`));
  const [version, store, expires, nonce, signature] = new URL(followed).searchParams.get("storefleet_login")!.split(".");
  expect(adminLoginToken({ store: store!, secret: loginSecret, expiresAt: new Date(Number(expires) * 1000), nonce }).split(".")[4]).toBe(signature);
  expect(version).toBe("v1");
  expect(Number(expires) * 1000 - Date.now()).toBeLessThanOrEqual(60_000);
  // The browser has left for the store (the caught page): only then open the audit log.
  await page.waitForURL(/storefleet_login=/);
  await page.goto("/audit");
  await expect(page.getByRole("table").first()).toContainText("store.admin_login");
});

test("suspend scales to zero keeping the claims; resume brings it back", async ({ page }, testInfo) => {
  await signIn(page, owner);
  await page.goto(storePath);
  await page.getByRole("button", { name: "Suspend" }).click();
  await expectPhase(page, "Suspended");
  const deployment = await apps.readNamespacedDeployment({ name: `${slug}-wordpress`, namespace });
  const statefulSet = await apps.readNamespacedStatefulSet({ name: `${slug}-mariadb`, namespace });
  expect(deployment.spec?.replicas).toBe(0);
  expect(statefulSet.spec?.replicas).toBe(0);
  const claims = await core.listNamespacedPersistentVolumeClaim({ namespace });
  expect(claims.items.length).toBe(2);
  expect(claims.items.every((c) => c.status?.phase === "Bound")).toBe(true);
  await screenshot(page, testInfo, "06-store-suspended");

  await page.getByRole("button", { name: "Resume" }).click();
  await expectPhase(page, "Ready");
  expect((await apps.readNamespacedDeployment({ name: `${slug}-wordpress`, namespace })).status?.availableReplicas).toBe(1);
});

test("Back up now queues a backup the worker runs; its result shows on the page, the timeline and in the audit log", async ({ page }, testInfo) => {
  test.skip(!process.env.BACKUP_S3_ENDPOINT, "backups are off: BACKUP_S3_ENDPOINT is unset (the test ground's S3 server is not running)");
  await signIn(page, owner);
  await page.goto(storePath);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByText("Backup queued; it appears below when it starts")).toBeVisible();
  const backups = page.getByTestId("backups");
  await expect(backups).toContainText("Asked for");
  // The simulated nodes mark the Job's pod done without running it: no manifest, so it fails,
  // and says why. On the real node the same backup succeeds (e2e/realstore).
  await expect(async () => {
    await page.reload();
    await expect(backups).toContainText("Failed: The backup finished without its manifest", { timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  await expect(page.getByTestId("timeline-step").filter({ hasText: /backup/i }).first()).toContainText(/Failed/i);
  await screenshot(page, testInfo, "07a-store-backups");
  await page.goto("/audit");
  await expect(page.getByRole("table").first()).toContainText("store.backup");
});

test("the admin sees the platform status and every store", async ({ page }, testInfo) => {
  await signIn(page, ADMIN_EMAIL);
  await page.goto("/admin/status");
  await expect(page.getByText(/reachable, Kubernetes v1\.\d+/)).toBeVisible();
  await screenshot(page, testInfo, "07-platform-status");
  await page.goto("/admin/stores");
  await expect(page.getByTestId(`store-${slug}`)).toBeVisible();
  await screenshot(page, testInfo, "08-admin-stores");
});

test("delete behind type-the-name removes the store from the list and from the cluster", async ({ page }, testInfo) => {
  await signIn(page, owner);
  await page.goto(storePath);
  await page.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await page.getByRole("button", { name: "Delete store" }).click();
  await expectPhase(page, "Deleted");
  await screenshot(page, testInfo, "09-store-deleted");
  expect(await namespaceExists()).toBe(false);
  const volumes = await core.listPersistentVolume();
  expect(volumes.items.filter((v) => v.spec?.claimRef?.namespace === namespace)).toEqual([]);
  await page.goto("/stores");
  await expect(page.getByTestId(`store-${slug}`)).toHaveCount(0);
  await signOut(page);
});
