import { readFileSync } from "node:fs";
import { test } from "@playwright/test";
import { adminLoginToken } from "../../lib/stores/admin-login-token";
import { expectForgedLinksRefused, expectSignedIn } from "./admin-sign-in";

// One-click admin sign-in against the local store of scripts/store-test/run.sh, which knows the
// store's login secret (in a cluster, only the portal reads it: the real-store suite asks the API).
//
// STORE_URL                   the store
// STOREFLEET_STORE            the store name the plugin expects
// STOREFLEET_LOGIN_SECRET_FILE the file holding the store's login secret
const secretFile = process.env.STOREFLEET_LOGIN_SECRET_FILE;
const store = process.env.STOREFLEET_STORE;
const storeUrl = process.env.STORE_URL;
const skipReason =
  process.env.STORE_TEST_SKIP_REASON ??
  (storeUrl && store && secretFile ? undefined : "needs STORE_URL, STOREFLEET_STORE and STOREFLEET_LOGIN_SECRET_FILE (the local store test sets them)");

test.describe("one-click WordPress admin sign-in", () => {
  test.skip(!!skipReason, skipReason ?? "");

  test("a link signs the administrator in once; reused, expired, tampered and other-store links are refused", async ({ browser }) => {
    const secret = readFileSync(secretFile!, "utf8").trim();
    const token = adminLoginToken({ store: store!, secret, expiresAt: new Date(Date.now() + 60_000) });
    await expectSignedIn(browser, `${storeUrl}/?storefleet_login=${token}`);
    await expectForgedLinksRefused(browser, { storeUrl: storeUrl!, store: store!, secret });
  });
});
