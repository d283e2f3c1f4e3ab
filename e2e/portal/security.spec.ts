// Issue #9 against the real portal (server.ts in the production build), PostgreSQL and Chromium: the
// attacks as a browser or a client would make them, each answered as the issue requires.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN_EMAIL, PASSWORD, createApiToken, signIn, signUp, uniqueEmail } from "./helpers";

/** Serves one HTML page on another port of 127.0.0.1: the same site as the portal (ports do not
 * count for SameSite), like a tenant's store page on a sibling host name. */
async function sameSitePage(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function storeNames(request: APIRequestContext, token: string): Promise<string[]> {
  const res = await request.get("/api/v1/stores?pageSize=100", { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()).items.map((s: { slug: string }) => s.slug);
}

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("item 7: a same-site page cannot create a store with a signed-in admin's cookie (CSRF)", async ({ page, request, baseURL }) => {
  await signIn(page, ADMIN_EMAIL);
  const token = await createApiToken(page, `csrf check ${Date.now()}`);
  const name = `csrf-${Date.now().toString(36)}`;
  const attacker = await sameSitePage(`<script>
    fetch(${JSON.stringify(`${baseURL}/api/v1/stores`)}, { method: "POST", mode: "no-cors", credentials: "include",
      headers: { "content-type": "text/plain" }, body: ${JSON.stringify(JSON.stringify({ name, size: "small" }))} });
  </script>`);
  try {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${baseURL}/api/v1/stores` && r.request().method() === "POST"),
      page.goto(attacker.url),
    ]);
    // 403 (not proxy.ts's 401): the browser did send the session cookie, and the API refused.
    expect(response.status()).toBe(403);
  } finally {
    await attacker.close();
  }
  expect(await storeNames(request, token)).not.toContain(name);

  // The portal's own pages may still use the cookie with a JSON body.
  await page.goto("/stores");
  const own = await page.evaluate(async (body) => {
    const res = await fetch("/api/v1/stores", { method: "POST", headers: { "content-type": "application/json" }, body });
    return res.status;
  }, JSON.stringify({ name: `${name}-own`, size: "small" }));
  expect(own).toBe(201);
});

test("item 8: callbackUrl tricks never leave the portal after sign-in", async ({ browser, baseURL }) => {
  for (const callback of ["/%5Cevil.example", "/%09/evil.example", "//evil.example", "https://evil.example/"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/sign-in?callbackUrl=${callback}`);
    await fillSignIn(page, ADMIN_EMAIL, PASSWORD);
    await expect(page, callback).toHaveURL(`${baseURL}/stores`);
    await context.close();
  }
});

test("item 10: the sign-in form posts without JavaScript and the password never reaches a URL", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  await page.goto("/sign-in");
  await fillSignIn(page, ADMIN_EMAIL, "not the password at all");
  await expect(page.getByRole("status")).toHaveText("Wrong e-mail or password");
  await fillSignIn(page, ADMIN_EMAIL, PASSWORD);
  await expect(page).toHaveURL(`${baseURL}/stores`);
  // Signed in: the session cookie is set (the page itself streams, which needs JavaScript).
  expect((await context.cookies()).map((c) => c.name)).toContain("next-auth.session-token");
  const leaked = urls.filter((u) => decodeURIComponent(u.replaceAll("+", " ")).includes("password"));
  expect(leaked).toEqual([]);
  await context.close();
});

test("item 11: repeated wrong passwords for one account get 429 with Retry-After, before any password check", async ({ page, playwright, baseURL }) => {
  const email = uniqueEmail("throttled");
  await signUp(page, email, "Theo Throttled");
  const client = await playwright.request.newContext({ baseURL });
  const { csrfToken } = await (await client.get("/api/auth/csrf")).json();
  const attempt = (password: string) => client.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" } });
  const statuses: number[] = [];
  for (let i = 0; i < 10; i += 1) statuses.push((await attempt("wrong password number " + i)).status());
  expect(statuses.every((s) => s === 401)).toBe(true);
  const limited = await attempt(PASSWORD);
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await limited.json()).url).toContain("/sign-in?error=throttled");
  await client.dispose();
});

test("item 11: sign-up answers an existing e-mail exactly like a new one", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("E-mail").fill(ADMIN_EMAIL.toUpperCase());
  await page.getByLabel("Password").fill("a different long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toHaveText("If this e-mail address is new, your account is ready: sign in with it and your password.");
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("item 11: tokens are created read-only and expiring from the tokens page", async ({ page, request }) => {
  await signUp(page, uniqueEmail("scoped"), "Sam Scoped");
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill("dashboards");
  await page.getByLabel("Access").selectOption("read");
  await page.getByLabel("Expires after").selectOption("7");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").innerText()).trim();
  await expect(page.getByTestId("token-dashboards")).toContainText("Read only");
  const headers = { authorization: `Bearer ${token}` };
  expect((await request.get("/api/v1/stores", { headers })).status()).toBe(200);
  const write = await request.post("/api/v1/stores", { headers, data: { name: `ro-${Date.now().toString(36)}`, size: "small" } });
  expect(write.status()).toBe(403);
  expect(await write.json()).toEqual({ error: { code: "forbidden", message: "This API token is read-only" } });
});

test("items 12 and 14: oversized bodies, unknown methods and anonymous health answers", async ({ request, page }) => {
  await signIn(page, ADMIN_EMAIL);
  const token = await createApiToken(page, `limits ${Date.now()}`);
  const big = await request.post("/api/v1/stores", { headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, data: JSON.stringify({ name: "big", size: "small", displayName: "x".repeat(1024 * 1024) }) });
  expect(big.status()).toBe(413);
  for (const [path, allow] of [["/api/v1/stores", "GET, POST"], ["/api/v1/stores/abc", "GET, DELETE"], ["/api/health", "GET"]] as const) {
    const trace = await request.fetch(path, { method: "TRACE", headers: { authorization: `Bearer ${token}` } });
    expect(trace.status(), path).toBe(405);
    expect(trace.headers()["allow"], path).toBe(allow);
  }
  expect(await (await request.get("/api/health")).json()).toEqual({ ok: true });
  const detailed = await (await request.get("/api/health", { headers: { authorization: `Bearer ${token}` } })).json();
  expect(detailed.checks.database).toEqual({ ok: true, detail: "reachable" });
});

test("item 13: the audit log records the socket's address, not a forged X-Forwarded-For", async ({ page, request }) => {
  await signIn(page, ADMIN_EMAIL);
  const token = await createApiToken(page, `xff ${Date.now()}`);
  const headers = { authorization: `Bearer ${token}` };
  const created = await request.post("/api/v1/stores", { headers: { ...headers, "x-forwarded-for": "203.0.113.9" }, data: { name: `xff-${Date.now().toString(36)}`, size: "small" } });
  expect(created.status()).toBe(201);
  const { store } = await created.json();
  const audit = await (await request.get(`/api/v1/audit?storeId=${store.id}`, { headers })).json();
  expect(audit.items[0]).toMatchObject({ action: "store.create", sourceIp: "127.0.0.1" });
});
