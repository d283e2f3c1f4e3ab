// The shopper's steps of a Cash on Delivery order on a store made by charts/woocommerce-store,
// shared by the checkout spec (e2e/store) and the real-store suite (e2e/realstore). Every step
// runs in the page's browser, so a store host that only the browser can resolve (the real-store
// suite maps it with --host-resolver-rules) works too.
import { execSync } from "node:child_process";
import { expect, type Page } from "@playwright/test";

export type PlacedOrder = { id: string; key: string; email: string };

export const DEFAULT_PRODUCT = "Storefleet T-Shirt";

export function uniqueEmail(kind: string): string {
  return `storefleet-${kind}-${Date.now()}@example.com`;
}

async function addProductToCart(page: Page, productName: string): Promise<void> {
  await page.goto("/shop/");
  await page.getByRole("link", { name: productName }).first().click();
  await page.getByRole("button", { name: /add to cart/i }).first().click();
  await expect(page.getByText(/has been added to your cart/i).first()).toBeVisible();
}

async function expectOrderReceived(page: Page, email: string): Promise<PlacedOrder> {
  await page.waitForURL(/order-received/);
  await expect(page.getByText(/your order has been received/i).first()).toBeVisible();
  const url = new URL(page.url());
  const id = /order-received\/(\d+)/.exec(url.pathname)?.[1];
  const key = url.searchParams.get("key");
  expect(id, "order id in the order-received URL").toBeTruthy();
  expect(key, "order key in the order-received URL").toBeTruthy();
  return { id: id!, key: key!, email };
}

/** WooCommerce's block checkout (/checkout/). */
export async function placeBlockCheckoutOrder(page: Page, productName = DEFAULT_PRODUCT): Promise<PlacedOrder> {
  await addProductToCart(page, productName);
  await page.goto("/checkout/");
  const email = uniqueEmail("block");
  await page.getByLabel("Email address").fill(email);
  const shipping = page.getByRole("group", { name: "Shipping address" });
  await shipping.getByLabel("First name").fill("Ada");
  await shipping.getByLabel("Last name").fill("Lovelace");
  await shipping.getByLabel("Address", { exact: true }).fill("1 Analytical Way");
  await shipping.getByLabel("City").fill("San Francisco");
  await shipping.getByLabel("ZIP Code").fill("94105");
  await page.getByText("Cash on delivery").first().click();
  await page.getByRole("button", { name: "Place order" }).click();
  return expectOrderReceived(page, email);
}

/** The chart's classic shortcode checkout page (/classic-checkout/). */
export async function placeClassicCheckoutOrder(page: Page, productName = DEFAULT_PRODUCT): Promise<PlacedOrder> {
  await addProductToCart(page, productName);
  await page.goto("/classic-checkout/");
  const email = uniqueEmail("classic");
  await page.locator("#billing_first_name").fill("Grace");
  await page.locator("#billing_last_name").fill("Hopper");
  await page.locator("#billing_address_1").fill("2 Compiler Street");
  await page.locator("#billing_city").fill("San Francisco");
  await page.locator("#billing_postcode").fill("94105");
  await page.locator("#billing_phone").fill("4155550100");
  await page.locator("#billing_email").fill(email);
  const cod = page.locator("#payment_method_cod");
  if (await cod.isVisible()) await cod.check();
  await page.locator("#place_order").click();
  return expectOrderReceived(page, email);
}

/**
 * The order is processing and paid by cash on delivery: checked with wp-cli when a command line
 * is given (local run), else through the store's Store API (order id + key + e-mail).
 */
export async function expectProcessingCodOrder(page: Page, order: PlacedOrder, wpCli?: string, admin = "admin"): Promise<void> {
  if (wpCli) {
    const out = execSync(
      `${wpCli} wc shop_order get ${order.id} --user=${admin} --fields=status,payment_method,billing --format=json`,
      { encoding: "utf8" },
    );
    const found = JSON.parse(out) as { status: string; payment_method: string; billing: { email: string } };
    expect(found.status).toBe("processing");
    expect(found.payment_method).toBe("cod");
    expect(found.billing.email).toBe(order.email);
    return;
  }
  const path = `/wp-json/wc/store/v1/order/${order.id}?key=${encodeURIComponent(order.key)}&billing_email=${encodeURIComponent(order.email)}`;
  const found = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as { status?: string } };
  }, path);
  expect(found.status).toBe(200);
  expect(found.body.status).toBe("processing");
}
