// Runs before every portal spec: the suite's administrator signs up first, so whatever order the
// specs run in, they find one admin (also named by ADMIN_EMAIL in playwright.config.ts).
import { expect, test as setup } from "@playwright/test";
import { ADMIN_EMAIL, signUp } from "./helpers";

setup("the first account becomes the administrator", async ({ page }) => {
  await signUp(page, ADMIN_EMAIL, "Ada Admin");
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();
});
