// Resizing a store from its page, with the real worker, API server and Helm: the resize control
// refuses a shrink with the domain's message and changes nothing; a larger size is applied, the
// quota and the volumes follow (the local cluster's default StorageClass allows expansion).
import { expect, test, type Page } from "@playwright/test";
import * as k8s from "@kubernetes/client-node";
import { signUp, uniqueEmail } from "./helpers";

test.describe.configure({ mode: "serial", timeout: 300_000 });

const slug = `resize-${Date.now().toString(36)}`;
const namespace = `store-${slug}`;
const kc = new k8s.KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(k8s.CoreV1Api);

async function expectSettled(page: Page, phase: string) {
  // Reconciling is "no" once the worker has converged the latest request.
  await expect(page.getByTestId("phase-badge").first()).toHaveText(new RegExp(phase), { timeout: 180_000 });
  await expect(page.getByTestId("conditions")).toContainText("Reconciling: no", { timeout: 180_000 });
}

test("the store page refuses a shrink with its message and applies a larger size", async ({ page }) => {
  await signUp(page, uniqueEmail("resize"), "Rosa Resize");
  await page.goto("/stores/new");
  await page.getByLabel("Store name").fill(slug);
  await page.getByRole("radio", { name: /Medium/ }).check();
  await page.getByRole("button", { name: "Create store" }).click();
  await expect(page).toHaveURL(/\/stores\/(?!new$)[a-z0-9]+$/);
  await expectSettled(page, "Ready");

  const size = page.getByLabel("Size preset");
  await size.selectOption("small");
  await page.getByRole("button", { name: "Resize", exact: true }).click();
  await expect(page.locator("#resize-size-error")).toHaveText("storage cannot shrink from 20Gi to 5Gi");
  await expect(size).toHaveAttribute("aria-describedby", /resize-size-error/);
  await page.reload();
  await expect(page.getByText("Medium — 2 CPU, 2Gi memory, 20Gi storage")).toBeVisible();

  await page.getByLabel("Size preset").selectOption("large");
  await page.getByRole("button", { name: "Resize", exact: true }).click();
  // The control goes while the worker applies the size (only a store at rest may be resized).
  await expect(page.getByText("Large — 4 CPU, 4Gi memory, 50Gi storage")).toBeVisible();
  await expectSettled(page, "Ready");
  await expect(page.getByTestId("timeline-step").filter({ hasText: "Store resized to Large (4 CPU, 4Gi memory, 50Gi storage)" })).toBeVisible();
  // The volumes grew: no note, and the claims follow the preset (WordPress 50 %, MariaDB 40 %).
  await expect(page.getByTestId("volume-note")).toHaveCount(0);
  const claims = (await core.listNamespacedPersistentVolumeClaim({ namespace })).items.map((c) => c.spec!.resources!.requests!.storage).sort();
  expect(claims).toEqual(["20Gi", "25Gi"]);
  const quota = (await core.listNamespacedResourceQuota({ namespace })).items[0]!;
  expect(quota.spec!.hard!["requests.storage"]).toBe("50Gi");

  await page.getByLabel(`Type ${slug} to confirm`).fill(slug);
  await page.getByRole("button", { name: "Delete store" }).click();
  await expect(page.getByTestId("phase-badge").first()).toHaveText(/Deleted/, { timeout: 180_000 });
});
