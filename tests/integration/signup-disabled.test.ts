// SIGNUP_ENABLED=false: nobody can create an account through sign-up, and nothing is written.
process.env.SIGNUP_ENABLED = "false";

import { afterAll, beforeEach, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { signUp } from "@/lib/users/service";
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
