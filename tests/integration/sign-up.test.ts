// Issue #9, item 11 (sign-up): one answer whether or not the e-mail exists, and throttling per
// IP and per account with 429 + Retry-After, through the real POST /api/sign-up handler.
process.env.AUTH_RATE_LIMIT_PER_IP = "4";
process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = "2";
process.env.AUTH_RATE_WINDOW_SECONDS = "900";

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { signUp } from "@/lib/users/service";
import { POST as signUpRoute } from "@/app/api/sign-up/route";
import { resetDatabase, uniqueEmail } from "../support/db";
import { callRoute } from "../support/http";

beforeEach(resetDatabase);
afterAll(disconnectDb);

const password = "a long enough password";
const send = (body: Record<string, unknown>, ip = "198.51.100.7") =>
  callRoute(signUpRoute, { method: "POST", path: "/api/sign-up", body, headers: { "x-forwarded-for": ip, origin: "http://localhost:3000" } });

describe("the sign-up answer", () => {
  it("is the same for a new and an existing e-mail, and the existing account is untouched", async () => {
    const email = uniqueEmail("taken");
    const first = await send({ name: "Ann", email, password });
    const again = await send({ name: "Mallory", email: email.toUpperCase(), password: "another long password" }, "198.51.100.8");
    expect(first.status).toBe(202);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(await db().user.findMany({ select: { name: true } })).toEqual([{ name: "Ann" }]);
  });

  it("comes from a domain function that does not tell either", async () => {
    const email = uniqueEmail("domain");
    const ctx = { actor: null, sourceIp: null, via: "ui" as const };
    await expect(signUp({ name: "Ann", email, password }, ctx)).resolves.toBeUndefined();
    await expect(signUp({ name: "Ann", email, password }, ctx)).resolves.toBeUndefined();
    expect(await db().user.count()).toBe(1);
  });

  it("still gives field errors for bad input", async () => {
    const res = await send({ name: "X", email: "nope", password: "short" });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fieldErrors).sort()).toEqual(["email", "password"]);
  });
});

describe("sign-up throttling", () => {
  it("answers 429 with Retry-After once an IP has tried too often", async () => {
    for (let i = 0; i < 4; i += 1) expect((await send({ name: "N", email: uniqueEmail("ip"), password }, "203.0.113.50")).status).toBe(202);
    const limited = await send({ name: "N", email: uniqueEmail("ip"), password }, "203.0.113.50");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(900);
    expect(limited.body.error.code).toBe("rate_limited");
    expect((await send({ name: "N", email: uniqueEmail("ip"), password }, "203.0.113.51")).status).toBe(202);
    expect(await db().user.count()).toBe(5);
  });

  it("answers 429 once one e-mail has been tried too often, from any IP", async () => {
    const email = uniqueEmail("acct");
    expect((await send({ name: "N", email, password }, "203.0.113.60")).status).toBe(202);
    expect((await send({ name: "N", email, password }, "203.0.113.61")).status).toBe(202);
    expect((await send({ name: "N", email, password }, "203.0.113.62")).status).toBe(429);
  });
});
