// Issue #9, item 11 (tokens): expiry chosen at creation, a read-only scope, and administrators
// revoking any user's tokens; through the real route handlers and PostgreSQL.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createApiToken, revokeUserApiTokens } from "@/lib/tokens/service";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { GET as listStoresRoute, POST as createStoreRoute } from "@/app/api/v1/stores/route";
import { DELETE as deleteStoreRoute } from "@/app/api/v1/stores/[id]/route";
import { POST as revealRoute } from "@/app/api/v1/stores/[id]/credentials/route";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";
import { callRoute } from "../support/http";

let admin: Actor;
let member: Actor;
beforeEach(async () => {
  await resetDatabase();
  admin = await makeUser("admin");
  member = await makeUser("member", { admin });
});
afterAll(disconnectDb);

const list = (token: string) => callRoute(listStoresRoute, { path: "/api/v1/stores", token });
const createShop = (token: string, name: string) => callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", token, body: { name, size: "small" } });

describe("read-only tokens", () => {
  it("read but never change anything or reveal credentials", async () => {
    const full = (await createApiToken({ name: "full" }, contextOf(member, "api"))).token;
    const { token, apiToken } = await createApiToken({ name: "dashboards", scope: "read" }, contextOf(member, "api"));
    expect(apiToken.scope).toBe("read");
    const id = (await createShop(full, "ro-shop")).body.store.id as string;

    expect((await list(token)).status).toBe(200);
    const refusals = [
      await createShop(token, "ro-other"),
      await callRoute(revealRoute, { method: "POST", path: `/api/v1/stores/${id}/credentials`, token, params: { id } }),
      await callRoute(deleteStoreRoute, { method: "DELETE", path: `/api/v1/stores/${id}`, token, params: { id } }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: "forbidden", message: "This API token is read-only" } });
    }
    expect(await db().store.findMany({ select: { slug: true, desiredState: true } })).toEqual([{ slug: "ro-shop", desiredState: "present" }]);
  });
});

describe("expiring tokens", () => {
  it("work until their expiry and are refused with 401 after it", async () => {
    const { token, apiToken } = await createApiToken({ name: "ci", expiresInDays: 7 }, contextOf(member, "api"));
    const days = (Date.parse(apiToken.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect((await list(token)).status).toBe(200);
    await db().apiToken.update({ where: { id: apiToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await list(token)).status).toBe(401);
  });

  it("never expire when created without an expiry", async () => {
    expect((await createApiToken({ name: "forever" }, contextOf(member, "api"))).apiToken.expiresAt).toBeNull();
  });

  it("refuses an unknown scope or expiry", async () => {
    await expect(createApiToken({ name: "x", scope: "root" }, contextOf(member, "api"))).rejects.toThrow(ValidationError);
    await expect(createApiToken({ name: "x", expiresInDays: 0 }, contextOf(member, "api"))).rejects.toThrow(ValidationError);
    await expect(createApiToken({ name: "x", expiresInDays: 10_000 }, contextOf(member, "api"))).rejects.toThrow(ValidationError);
  });
});

describe("administrators revoke any user's tokens", () => {
  it("revokes every live token of the user, audited", async () => {
    const tokens = [
      (await createApiToken({ name: "one" }, contextOf(member, "api"))).token,
      (await createApiToken({ name: "two", scope: "read" }, contextOf(member, "api"))).token,
    ];
    const adminToken = (await createApiToken({ name: "admin's" }, contextOf(admin, "api"))).token;
    expect(await revokeUserApiTokens(member.id, contextOf(admin))).toBe(2);
    for (const token of tokens) expect((await list(token)).status).toBe(401);
    expect((await list(adminToken)).status).toBe(200);
    expect(await db().auditLog.count({ where: { action: "api_token.revoke_all", targetId: member.id, actorId: admin.id } })).toBe(1);
  });

  it("is refused to members", async () => {
    const adminToken = (await createApiToken({ name: "admin's" }, contextOf(admin, "api"))).token;
    await expect(revokeUserApiTokens(admin.id, contextOf(member))).rejects.toThrow(ForbiddenError);
    expect((await list(adminToken)).status).toBe(200);
  });
});
