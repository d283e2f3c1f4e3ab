// Issue #9, item 11 (sign-in): the throttle next-auth's credentials callback runs before any
// password is hashed (app/api/auth/[...nextauth]/route.ts), against a real PostgreSQL: every
// attempt counts per IP, failed ones per account, and replicas share the counts. The 429 over
// HTTP is proven in e2e/portal/security.spec.ts.
process.env.AUTH_RATE_LIMIT_PER_IP = "3";
process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = "2";
process.env.AUTH_RATE_WINDOW_SECONDS = "600";

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { recordFailedSignIn, throttleSignIn } from "@/lib/auth/throttle";
import { RateLimitedError } from "@/lib/errors";
import { resetDatabase } from "../support/db";

beforeEach(resetDatabase);
afterAll(disconnectDb);

async function refusal(attempt: Promise<void>): Promise<RateLimitedError> {
  const error = await attempt.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RateLimitedError);
  return error as RateLimitedError;
}

describe("per IP", () => {
  it("refuses the attempt after the limit, with the wait until the window ends", async () => {
    for (let i = 0; i < 3; i += 1) await throttleSignIn("198.51.100.1", `user${i}@example.test`);
    const error = await refusal(throttleSignIn("198.51.100.1", "other@example.test"));
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(error.message).toMatch(/^Too many sign-in attempts; try again in \d+ minute\(s\)$/);
    await expect(throttleSignIn("198.51.100.2", "other@example.test")).resolves.toBeUndefined();
  });
});

describe("per account", () => {
  it("counts failures from any IP, in any letter case, and then refuses even the right password", async () => {
    await recordFailedSignIn("Victim@Example.test");
    await recordFailedSignIn("victim@example.test ");
    await refusal(throttleSignIn("203.0.113.77", "victim@example.test"));
    await expect(throttleSignIn("203.0.113.78", "someone-else@example.test")).resolves.toBeUndefined();
  });
});

describe("the counters", () => {
  it("are removed once their window has passed", async () => {
    await throttleSignIn("198.51.100.9", "a@example.test");
    await db().rateLimitCounter.updateMany({ data: { expiresAt: new Date(Date.now() - 1000), windowStart: new Date(Date.now() - 700_000) } });
    await throttleSignIn("198.51.100.9", "a@example.test");
    expect(await db().rateLimitCounter.count({ where: { expiresAt: { lte: new Date() } } })).toBe(0);
  });
});
