// Sign-up, sign-in, sign-out and the gates around pages, server actions and the HTTP API.
import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, PASSWORD, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test.describe.configure({ mode: "serial" });

const admin = ADMIN_EMAIL;
const member = uniqueEmail("member");

test("the admin (the first account, see global.setup.ts) signs in, out and in again", async ({ page }) => {
  await signIn(page, admin);
  await expect(page.getByRole("heading", { name: "Stores" })).toBeVisible();
  await signOut(page);
  await signIn(page, admin);
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();
});

test("a second account is a member", async ({ page }) => {
  await signUp(page, member, "Max Member");
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
});

test("a wrong password shows an error and stays on sign-in", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(member);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Wrong e-mail or password");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-up shows field errors for bad input and creates nothing", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Bad Input");
  await page.getByLabel("E-mail").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid e-mail address");
  await expect(page.locator("#password-error")).toHaveText("Password must be at least 10 characters");
  await expect(page.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");

  // An existing e-mail gets the same answer as a new one (issue #9, item 11): no account is made.
  await page.getByLabel("E-mail").fill(member.toUpperCase());
  await page.getByLabel("Password").fill("another long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toHaveText("If this e-mail address is new, your account is ready: sign in with it and your password.");

  // The invalid attempt created no account: signing in with it fails.
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Wrong e-mail or password");
});

test("protected pages redirect to sign-in and the API answers 401 JSON", async ({ page, request }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fusers/);
  const res = await request.get("/api/v1/stores");
  expect(res.status()).toBe(401);
  expect(await res.json()).toMatchObject({ error: { code: "unauthenticated" } });
});

test("the admin-only page is refused to a member", async ({ page }) => {
  await signIn(page, member);
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

test("a member cannot run the admin server action", async ({ page }) => {
  // Capture the real action request the admin page sends, then replay it as the member.
  await signIn(page, admin);
  await page.goto("/admin/users");
  const row = page.getByTestId(`user-${member}`);
  const [actionRequest] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    (async () => {
      await row.getByLabel("Store quota").fill("5");
      await row.getByRole("button", { name: /Save/ }).click();
    })(),
  ]);
  await expect(row.getByRole("status").filter({ hasText: "Saved" })).toHaveText("Saved");
  const headers = { "next-action": actionRequest.headers()["next-action"]!, "content-type": actionRequest.headers()["content-type"]! };
  const body = actionRequest.postDataBuffer()!;
  await signOut(page);

  await signIn(page, member);
  const replay = await page.request.post("/admin/users", { headers, data: body });
  expect(await replay.text()).toContain("Only administrators can do that");

  // Replaying the same value could not show a change, so the member also sends quota 99.
  const tampered = body.toString("latin1").replace(/name="storeQuota"\r\n\r\n5/, 'name="storeQuota"\r\n\r\n99');
  const second = await page.request.post("/admin/users", { headers, data: Buffer.from(tampered, "latin1") });
  expect(await second.text()).toContain("Only administrators can do that");
  await signOut(page);
  await signIn(page, admin);
  await page.goto("/admin/users");
  await expect(page.getByTestId(`user-${member}`).getByLabel("Store quota")).toHaveValue("5");
});

test("a member cannot change users through the HTTP API", async ({ page, baseURL }) => {
  await signIn(page, member);
  // From the portal's origin, so that the admin check answers, not the CSRF check.
  const res = await page.request.patch("/api/v1/users/anything", { data: { role: "admin" }, headers: { origin: baseURL! } });
  expect(res.status()).toBe(403);
  expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: "Only administrators can do that" } });
});
