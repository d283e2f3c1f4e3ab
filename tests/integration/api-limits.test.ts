// The REST layer's answers for limits, through the real route handler with a real API token:
// 403 with the quota message, 429 with Retry-After for the rate limit, one JSON error shape.
process.env.STORE_CREATE_RATE_LIMIT = "2";

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { disconnectDb } from "@/lib/db/client";
import { createApiToken } from "@/lib/tokens/service";
import { POST as createStoreRoute } from "@/app/api/v1/stores/route";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";

beforeEach(resetDatabase);
afterAll(disconnectDb);

function post(token: string, body: unknown) {
  const req = new NextRequest("http://localhost/api/v1/stores", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return createStoreRoute(req, { params: Promise.resolve({}) });
}

describe("POST /api/v1/stores limits", () => {
  it("answers 429 with Retry-After once the rate limit is reached", async () => {
    const admin = await makeUser("admin");
    const { token } = await createApiToken({ name: "ci" }, contextOf(admin, "api"));
    expect((await post(token, { name: "rate-one", size: "small" })).status).toBe(201);
    expect((await post(token, { name: "rate-two", size: "small" })).status).toBe(201);
    const limited = await post(token, { name: "rate-three", size: "small" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(await limited.json()).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("You can create 2 stores per 60 minutes") } });
  });

  it("answers 403 with the quota message", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member", { quota: 0, admin });
    const { token } = await createApiToken({ name: "ci" }, contextOf(member, "api"));
    const res = await post(token, { name: "no-room", size: "small" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "quota_exceeded", message: "You have 0 of 0 stores allowed; delete one or ask an administrator for a higher quota" } });
  });
});
