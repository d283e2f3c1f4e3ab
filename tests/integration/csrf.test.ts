// Issue #9, item 7, through the real route handlers with a real session cookie: a request made
// with the cookie that changes something must come from the portal's origin with a JSON body
// (403 otherwise); bearer-token clients need neither. The browser attack itself is proven in
// e2e/portal/security.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { createApiToken } from "@/lib/tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { GET as listStoresRoute, POST as createStoreRoute } from "@/app/api/v1/stores/route";
import { DELETE as deleteStoreRoute } from "@/app/api/v1/stores/[id]/route";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";
import { callRoute } from "../support/http";
import { sessionCookie } from "../support/session";

let admin: Actor;
let cookie: string;
const portal = () => new URL(env().NEXTAUTH_URL).origin;

beforeAll(async () => {
  await resetDatabase();
  admin = await makeUser("admin");
  cookie = await sessionCookie(admin);
});
afterAll(disconnectDb);

const createWithCookie = (name: string, headers: Record<string, string>) =>
  callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", body: JSON.stringify({ name, size: "small" }), headers: { cookie, ...headers } });

describe("requests made with the session cookie", () => {
  it("are refused with 403 from another origin, without an Origin, or without a JSON body", async () => {
    const attempts: Record<string, string>[] = [
      { origin: "http://shop.stores.localtest.me", "content-type": "text/plain" },
      { origin: "http://shop.stores.localtest.me", "content-type": "application/json" },
      { "content-type": "application/json" },
      { origin: portal(), "content-type": "text/plain;charset=UTF-8" },
      { origin: portal(), "content-type": "application/x-www-form-urlencoded" },
      { origin: "null", "content-type": "application/json" },
    ];
    for (const [i, headers] of attempts.entries()) {
      const res = await createWithCookie(`csrf-${i}`, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    const { body } = await callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", body: { name: "victim", size: "small" }, token: (await createApiToken({ name: "t" }, contextOf(admin, "api"))).token });
    const id = body.store.id as string;
    const del = await callRoute(deleteStoreRoute, { method: "DELETE", path: `/api/v1/stores/${id}`, params: { id }, headers: { cookie, origin: "http://evil.example" } });
    expect(del.status).toBe(403);
    expect(await db().store.findMany({ select: { slug: true, desiredState: true } })).toEqual([{ slug: "victim", desiredState: "present" }]);
  });

  it("work from the portal's own origin with JSON, and reads work from anywhere", async () => {
    expect((await createWithCookie("same-origin", { origin: portal(), "content-type": "application/json" })).status).toBe(201);
    expect((await callRoute(listStoresRoute, { path: "/api/v1/stores", headers: { cookie, origin: "http://evil.example" } })).status).toBe(200);
  });
});

describe("bearer-token clients", () => {
  it("need no Origin and no particular content type", async () => {
    const { token } = await createApiToken({ name: "ci" }, contextOf(admin, "api"));
    const res = await callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", token, body: JSON.stringify({ name: "by-token", size: "small" }), headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(201);
  });
});
