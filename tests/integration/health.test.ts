// Issue #9, item 14: /api/health through its real route handler. Anonymous callers (load
// balancers) learn only whether the portal serves; administrators also get the details.
import { afterAll, beforeAll, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { createApiToken } from "@/lib/tokens/service";
import { GET as healthRoute } from "@/app/api/health/route";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";
import { callRoute } from "../support/http";

let adminToken: string;
let memberToken: string;
beforeAll(async () => {
  await resetDatabase();
  const admin = await makeUser("admin");
  const member = await makeUser("member", { admin });
  adminToken = (await createApiToken({ name: "ops" }, contextOf(admin, "api"))).token;
  memberToken = (await createApiToken({ name: "mine" }, contextOf(member, "api"))).token;
});
afterAll(disconnectDb);

it("tells anonymous callers and members only ok or not ok", async () => {
  for (const token of [undefined, memberToken]) {
    const res = await callRoute(healthRoute, { path: "/api/health", token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
  }
});

it("gives administrators the checks with their details", async () => {
  const res = await callRoute(healthRoute, { path: "/api/health", token: adminToken });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ ok: true, checks: { database: { ok: true, detail: "reachable" }, cluster: { detail: expect.any(String) }, worker: expect.any(Object) } });
});

it("does not reveal anything to a caller with a bad token", async () => {
  const res = await callRoute(healthRoute, { path: "/api/health", token: "sf_not-a-token" });
  expect(res.body).toEqual({ ok: true });
});
