// Checks of a store's one-click admin sign-in (the chart's must-use plugin), shared by the local
// store test and the real-store suite: a valid link signs the administrator into wp-admin once;
// a reused, expired, tampered or other-store link is refused with 403 and the reason.
import { expect, type Browser } from "@playwright/test";
import { adminLoginToken } from "../../lib/stores/admin-login-token";

/** Opens `url` in a fresh browser context (no cookies) and returns what the page says. */
async function visit(browser: Browser, url: string, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    const response = await page.goto(url);
    return { status: response?.status(), url: page.url(), text: await page.locator("body").innerText() };
  } finally {
    await context.close();
  }
}

export async function expectSignedIn(browser: Browser, link: string, options: Parameters<Browser["newContext"]>[0] = {}) {
  const first = await visit(browser, link, options);
  expect(first.url, "a valid link lands in wp-admin").toMatch(/\/wp-admin\/$/);
  expect(first.text).toContain("Dashboard");
  const again = await visit(browser, link, options);
  expect(again.status, "a link works once").toBe(403);
  expect(again.text).toContain("it was used before");
}

export async function expectRefused(browser: Browser, link: string, reason: string, options: Parameters<Browser["newContext"]>[0] = {}) {
  const answer = await visit(browser, link, options);
  expect(answer.status, reason).toBe(403);
  expect(answer.text).toContain(reason);
}

/** The links a stranger could try: each is refused. */
export async function expectForgedLinksRefused(browser: Browser, o: { storeUrl: string; store: string; secret: string }, options: Parameters<Browser["newContext"]>[0] = {}) {
  const link = (token: string) => `${o.storeUrl}/?storefleet_login=${token}`;
  const inAMinute = new Date(Date.now() + 60_000);
  const valid = adminLoginToken({ store: o.store, secret: o.secret, expiresAt: inAMinute });
  const cases: [what: string, token: string, reason: string][] = [
    ["expired", adminLoginToken({ store: o.store, secret: o.secret, expiresAt: new Date(Date.now() - 1_000) }), "it has expired"],
    ["tampered", valid.replace(/.$/, (c) => (c === "A" ? "B" : "A")), "its signature is wrong"],
    ["another secret", adminLoginToken({ store: o.store, secret: "x".repeat(64), expiresAt: inAMinute }), "its signature is wrong"],
    ["another store", adminLoginToken({ store: `${o.store}-other`, secret: o.secret, expiresAt: inAMinute }), "it is for another store"],
    ["malformed", "v1.nothing", "it is malformed"],
  ];
  for (const [, token, reason] of cases) await expectRefused(browser, link(token), reason, options);
}
