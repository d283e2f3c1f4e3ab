import { test } from "@playwright/test";
import { DEFAULT_PRODUCT, expectProcessingCodOrder, placeBlockCheckoutOrder, placeClassicCheckoutOrder } from "./checkout-steps";

// Places Cash on Delivery orders through the block checkout (/checkout/) and the classic
// shortcode checkout (/classic-checkout/) of a store bootstrapped by the woocommerce-store chart.
//
// STORE_URL                the store (required; without it the tests are skipped)
// STORE_TEST_PRODUCT       product name to buy (default "Storefleet T-Shirt", the chart default)
// STORE_TEST_WPCLI_CMD     optional wp-cli command line (local run): the order is checked with it;
//                          otherwise with the WooCommerce Store API (order id + key + e-mail)
// STORE_ADMIN_USER         admin login wp-cli acts as (default admin)
// STORE_TEST_SKIP_REASON   set by scripts/store-test/run.sh when the software is not available

const skipReason =
  process.env.STORE_TEST_SKIP_REASON ?? (process.env.STORE_URL ? undefined : "STORE_URL is not set");
const productName = process.env.STORE_TEST_PRODUCT ?? DEFAULT_PRODUCT;
const wpCli = process.env.STORE_TEST_WPCLI_CMD;
const admin = process.env.STORE_ADMIN_USER ?? "admin";

test.describe("WooCommerce checkout with Cash on delivery", () => {
  test.skip(!!skipReason, skipReason ?? "");

  test("block checkout places a processing COD order", async ({ page }) => {
    const order = await placeBlockCheckoutOrder(page, productName);
    await expectProcessingCodOrder(page, order, wpCli, admin);
  });

  test("classic checkout places a processing COD order", async ({ page }) => {
    const order = await placeClassicCheckoutOrder(page, productName);
    await expectProcessingCodOrder(page, order, wpCli, admin);
  });
});
