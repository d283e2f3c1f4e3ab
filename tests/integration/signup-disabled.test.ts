// SIGNUP_ENABLED=false: nobody can create an account, through sign-up or through OpenID
// Connect (issue #9, item 9), and nothing is written.
process.env.SIGNUP_ENABLED = "false";
process.env.OIDC_ISSUER = "https://id.example.test/realms/shop/";
process.env.OIDC_CLIENT_ID = "storefleet";
process.env.OIDC_CLIENT_SECRET = "not-a-real-secret";

import { afterAll, beforeEach, expect, it } from "vitest";
import type { Account, Profile } from "next-auth";
import { db, disconnectDb } from "@/lib/db/client";
import { signUp } from "@/lib/users/service";
import { authOptions } from "@/app/_lib/auth-options";
import { ForbiddenError } from "@/lib/errors";
import { resetDatabase, uniqueEmail } from "../support/db";

beforeEach(resetDatabase);
afterAll(disconnectDb);

it("refuses sign-up with a message that says what to do", async () => {
  const attempt = signUp({ name: "Nope", email: uniqueEmail(), password: "a long enough password" }, { actor: null, sourceIp: null, via: "ui" });
  await expect(attempt).rejects.toThrow(ForbiddenError);
  await expect(attempt).rejects.toThrow("Sign-up is disabled on this Storefleet; ask an administrator for an account");
  expect(await db().user.count()).toBe(0);
});

it("refuses to create an account for a new OpenID Connect identity", async () => {
  const profile = { sub: "sub-new", email: uniqueEmail("sso"), email_verified: true } as Profile;
  const account = { provider: "oidc", providerAccountId: "sub-new", type: "oauth" } as Account;
  const allowed = await authOptions().callbacks!.signIn!({ user: { id: "sub-new" }, account, profile } as never);
  expect(allowed).toBe("/sign-in?error=signup_disabled");
  expect(await db().user.count()).toBe(0);
});
