// Fleet rollouts and pins against a real PostgreSQL, through the real route handlers: only
// administrators see versions and run rollouts; a rollout's plan (canary, batches, pinned stores
// skipped, stores already on the version left out); one active rollout at a time; controls
// allowed by state; owners pin their own stores only; everything audited; bad input a 4xx that
// writes nothing. The worker's side (the waves themselves) is tests/worker/rollouts.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createStore } from "@/lib/stores/service";
import { createApiToken } from "@/lib/tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { GET as versionsRoute } from "@/app/api/v1/versions/route";
import { GET as listRoute, POST as startRoute } from "@/app/api/v1/rollouts/route";
import { GET as getRoute } from "@/app/api/v1/rollouts/[id]/route";
import { POST as pauseRoute } from "@/app/api/v1/rollouts/[id]/pause/route";
import { POST as resumeRoute } from "@/app/api/v1/rollouts/[id]/resume/route";
import { POST as rollbackRoute } from "@/app/api/v1/rollouts/[id]/rollback/route";
import { DELETE as unpinRoute, PUT as pinRoute } from "@/app/api/v1/stores/[id]/pin/route";
import { contextOf, useCast } from "../support/actors";
import { callRoute } from "../support/http";

const cast = useCast();
afterAll(disconnectDb);

async function version(label: string) {
  return db().fleetVersion.create({ data: { digest: label, chartDigest: label, label, summary: { chart: label, wordpressImage: "wp:x", woocommerce: "10.2.4" }, chartFiles: {} } });
}

/** A Ready store of the actor's, running the version. */
async function storeOn(actor: Actor, name: string, versionId: string) {
  const { store } = await createStore({ name, size: "small" }, contextOf(actor));
  await db().store.update({ where: { id: store.id }, data: { phase: "Ready", observedGeneration: 1, readyAt: new Date(), versionId } });
  return store;
}

const tokenOf = async (actor: Actor) => (await createApiToken({ name: "t" }, contextOf(actor, "api"))).token;

describe("rollouts", () => {
  it("plan every live store not on the version: the oldest as canary, then batches, pinned stores skipped", async () => {
    const [v1, v2] = [await version("v1"), await version("v2")];
    const stores = [];
    for (const name of ["ro-a", "ro-b", "ro-c", "ro-d", "ro-e"]) stores.push(await storeOn(cast.alice, name, v1.id));
    const onTarget = await storeOn(cast.bob, "ro-new", v2.id);
    await db().store.update({ where: { id: stores[4]!.id }, data: { pinnedUntil: new Date(Date.now() + 86_400_000) } });
    const token = await tokenOf(cast.admin);

    const versions = await callRoute(versionsRoute, { path: "/api/v1/versions", token });
    expect(versions.status).toBe(200);
    expect(versions.body.versions.map((v: { label: string; stores: number; newest: boolean }) => [v.label, v.stores, v.newest])).toEqual([["v2", 1, true], ["v1", 5, false]]);

    const started = await callRoute(startRoute, { method: "POST", path: "/api/v1/rollouts", token, body: { versionId: v2.id, canarySize: 1, batchSize: 2 } });
    expect(started.status).toBe(202);
    const rollout = started.body.rollout;
    expect(rollout).toMatchObject({ state: "running", targetVersion: { id: v2.id, label: "v2" }, batches: 3, allowedControls: ["pause", "rollback"] });
    expect(rollout.counts).toMatchObject({ pending: 4, skipped: 1 });
    expect(rollout.stores.map((s: { slug: string; batch: number; state: string }) => [s.slug, s.batch, s.state])).toEqual([
      ["ro-a", 0, "pending"],
      ["ro-b", 1, "pending"],
      ["ro-c", 1, "pending"],
      ["ro-d", 2, "pending"],
      ["ro-e", null, "skipped"],
    ]);
    expect(rollout.stores.map((s: { slug: string }) => s.slug)).not.toContain(onTarget.slug);
    expect(rollout.stores[4].message).toMatch(/^Skipped: pinned by its owner until \d{4}-\d{2}-\d{2}$/);
    // Nothing is asked of a store until the worker starts its batch.
    for (const s of stores) expect((await db().store.findUniqueOrThrow({ where: { id: s.id } })).generation).toBe(1);

    // One rollout at a time.
    const second = await callRoute(startRoute, { method: "POST", path: "/api/v1/rollouts", token, body: { versionId: v1.id } });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe("Another rollout is under way: finish, resume or roll it back first");

    const control = (route: typeof pauseRoute, name: string) =>
      callRoute(route, { method: "POST", path: `/api/v1/rollouts/${rollout.id}/${name}`, token, params: { id: rollout.id } });
    expect((await control(resumeRoute, "resume")).body.error.message).toBe("Only a paused or stopped rollout can be resumed (this one is running)");
    expect((await control(pauseRoute, "pause")).body.rollout).toMatchObject({ state: "paused", allowedControls: ["resume", "rollback"] });
    expect((await control(resumeRoute, "resume")).body.rollout.state).toBe("running");
    expect((await control(rollbackRoute, "rollback")).body.rollout.state).toBe("rolling_back");
    expect((await control(pauseRoute, "pause")).status).toBe(409);

    const listed = await callRoute(listRoute, { path: "/api/v1/rollouts", token });
    expect(listed.body.rollouts.map((r: { id: string }) => r.id)).toEqual([rollout.id]);
    const audit = await db().auditLog.findMany({ where: { targetType: "rollout" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["rollout.start", "rollout.pause", "rollout.resume", "rollout.rollback"]);
    expect(audit[0]!.details).toMatchObject({ version: "v2", stores: 4, pinned: 1, canarySize: 1, batchSize: 2 });
  });

  it("are for administrators only, and refuse bad input writing nothing", async () => {
    const v1 = await version("v1");
    await storeOn(cast.alice, "ro-x", (await version("v0")).id);
    const member = await tokenOf(cast.alice);
    expect((await callRoute(versionsRoute, { path: "/api/v1/versions", token: member })).status).toBe(403);
    expect((await callRoute(listRoute, { path: "/api/v1/rollouts", token: member })).status).toBe(403);
    expect((await callRoute(startRoute, { method: "POST", path: "/api/v1/rollouts", token: member, body: { versionId: v1.id } })).status).toBe(403);

    const admin = await tokenOf(cast.admin);
    const start = (body: unknown) => callRoute(startRoute, { method: "POST", path: "/api/v1/rollouts", token: admin, body });
    const unknown = await start({ versionId: "nosuchversion" });
    expect([unknown.status, unknown.body.error.message]).toEqual([404, "No such fleet version"]);
    expect((await start({ versionId: v1.id, batchSize: 0 })).body.error.fieldErrors).toEqual({ batchSize: ["batchSize must be at least 1"] });
    expect((await start({ versionId: v1.id, canarySize: "2" })).status).toBe(422);
    expect((await start("not json")).status).toBe(422);
    const missing = await callRoute(getRoute, { path: "/api/v1/rollouts/nope", token: admin, params: { id: "nope" } });
    expect(missing.status).toBe(404);
    expect(await db().rollout.count()).toBe(0);

    // Every store already on the version: nothing to roll out.
    const v0 = (await db().fleetVersion.findFirstOrThrow({ where: { label: "v0" } })).id;
    const nothing = await start({ versionId: v0 });
    expect([nothing.status, nothing.body.error.message]).toEqual([409, "Every live store already runs this version"]);
    expect(await db().rollout.count()).toBe(0);
  });
});

describe("pinning a store", () => {
  it("is its owner's (or an admin's), for 1 to 90 days, audited, and shown on the store", async () => {
    const store = await storeOn(cast.alice, "pin-shop", (await version("v1")).id);
    const call = async (method: "PUT" | "DELETE", actor: Actor, body?: unknown) =>
      callRoute(method === "PUT" ? pinRoute : unpinRoute, { method, path: `/api/v1/stores/${store.id}/pin`, token: await tokenOf(actor), body, params: { id: store.id } });

    expect((await call("PUT", cast.bob, { days: 7 })).status).toBe(404);
    const tooLong = await call("PUT", cast.alice, { days: 91 });
    expect([tooLong.status, tooLong.body.error.fieldErrors]).toEqual([422, { days: ["days must be at most 90"] }]);
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).pinnedUntil).toBeNull();

    const pinned = await call("PUT", cast.alice, { days: 7 });
    expect(pinned.status).toBe(200);
    const until = Date.parse(pinned.body.store.pinnedUntil);
    expect(until - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(until - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(pinned.body.store.version).toEqual({ id: expect.any(String), label: "v1" });
    // A pin asks nothing of the worker.
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).generation).toBe(1);

    const unpinned = await call("DELETE", cast.admin);
    expect([unpinned.status, unpinned.body.store.pinnedUntil]).toEqual([200, null]);
    const audit = await db().auditLog.findMany({ where: { storeId: store.id, action: { in: ["store.pin", "store.unpin"] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([
      ["store.pin", cast.alice.email],
      ["store.unpin", cast.admin.email],
    ]);
  });
});
