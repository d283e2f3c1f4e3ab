// Resizing a store, through the domain and the REST route, against a real PostgreSQL: who may,
// which sizes are refused (and that a refusal writes nothing), what a request records. No cluster:
// the worker applies the size (tests/worker/resize.test.ts).
process.env.STORE_SIZES = JSON.stringify({
  tiny: { label: "Tiny", cpu: "400m", memory: "512Mi", storage: "2Gi" },
  small: { label: "Small", cpu: "1", memory: "1Gi", storage: "5Gi" },
  // As much storage as small, written in Mi.
  wide: { label: "Wide", cpu: "2", memory: "2Gi", storage: "5120Mi" },
  medium: { label: "Medium", cpu: "2", memory: "2Gi", storage: "20Gi" },
});

import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createStore, resizeStore } from "@/lib/stores/service";
import { createApiToken } from "@/lib/tokens/service";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { POST as resizeRoute } from "@/app/api/v1/stores/[id]/resize/route";
import { contextOf, useCast } from "../support/actors";
import { callRoute } from "../support/http";

const cast = useCast();
afterAll(disconnectDb);

/** A store of `actor` as the worker leaves it once it converged: settled in `phase`. */
async function settledStore(actor: Actor, size = "small", phase: "Ready" | "Suspended" | "Failed" | "Provisioning" = "Ready") {
  const { store } = await createStore({ name: `shop-${Math.random().toString(36).slice(2, 8)}`, size }, contextOf(actor));
  const desiredState = phase === "Suspended" ? "suspended" : "present";
  await db().store.update({ where: { id: store.id }, data: { phase, desiredState, observedGeneration: 1 } });
  return store;
}

/** Everything a resize request could write. */
async function written(storeId: string) {
  const store = await db().store.findUniqueOrThrow({ where: { id: storeId }, select: { size: true, generation: true, volumeStorage: true, volumeNote: true, statusMessage: true } });
  return { store, audit: await db().auditLog.count(), events: await db().storeEvent.count() };
}

async function expectRefused(storeId: string, attempt: () => Promise<unknown>, type: new (...a: never[]) => Error, message: string) {
  const before = await written(storeId);
  const error = await attempt().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toBe(message);
  expect(await written(storeId)).toEqual(before);
  return error;
}

describe("resizing a store", () => {
  it("records the new size, the volumes' storage, a new generation, the resize step and an audit entry", async () => {
    const store = await settledStore(cast.alice);
    const view = await resizeStore(store.id, { size: "medium" }, contextOf(cast.alice));
    expect(view).toMatchObject({ size: "medium", sizeLabel: "Medium", volumeStorage: "5Gi", volumeNote: null, reconciling: true, statusMessage: "Resize requested" });
    expect(view.resources).toEqual({ cpu: "2", memory: "2Gi", storage: "20Gi" });
    const row = await db().store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row).toMatchObject({ size: "medium", generation: 2, observedGeneration: 1, volumeStorage: "5Gi" });
    const events = await db().storeEvent.findMany({ where: { storeId: store.id } });
    expect(events.map((e) => [e.step, e.state, e.generation, e.message])).toEqual([["resize", "running", 2, "Resizing from Small to Medium"]]);
    const audit = await db().auditLog.findMany({ where: { action: "store.resize", storeId: store.id } });
    expect(audit.map((a) => [a.actorId, a.details])).toEqual([[cast.alice.id, { slug: store.slug, from: "small", to: "medium" }]]);
  });

  it("keeps the storage the volumes had, and clears the note of an earlier resize", async () => {
    const store = await settledStore(cast.alice, "small");
    await db().store.update({ where: { id: store.id }, data: { size: "medium", volumeStorage: "5Gi", volumeNote: "The StorageClass x does not allow volume expansion; the volumes stay 5Gi" } });
    const view = await resizeStore(store.id, { size: "wide" }, contextOf(cast.alice)).catch((e: Error) => e.message);
    // 5120Mi is less than the 20Gi the store's preset holds: refused, although the volumes are 5Gi.
    expect(view).toBe("storage cannot shrink from 20Gi to 5120Mi");
    await db().store.update({ where: { id: store.id }, data: { size: "small" } });
    expect(await resizeStore(store.id, { size: "medium" }, contextOf(cast.alice))).toMatchObject({ volumeStorage: "5Gi", volumeNote: null });
  });

  it("compares storage by value: 5Gi and 5120Mi are the same, either way", async () => {
    const store = await settledStore(cast.alice, "small");
    expect((await resizeStore(store.id, { size: "wide" }, contextOf(cast.alice))).size).toBe("wide");
    await db().store.update({ where: { id: store.id }, data: { observedGeneration: 2 } });
    expect((await resizeStore(store.id, { size: "small" }, contextOf(cast.alice))).size).toBe("small");
  });

  it("refuses an unknown size, the same size and a smaller storage with a field error, writing nothing", async () => {
    const store = await settledStore(cast.alice, "small");
    const ctx = contextOf(cast.alice);
    const unknown = await expectRefused(store.id, () => resizeStore(store.id, { size: "jumbo" }, ctx), ValidationError, "Some fields are not valid");
    expect((unknown as ValidationError).fieldErrors).toEqual({ size: ["Choose a size: tiny, small, wide, medium"] });
    await expectRefused(store.id, () => resizeStore(store.id, {}, ctx), ValidationError, "Some fields are not valid");
    const same = await expectRefused(store.id, () => resizeStore(store.id, { size: "small" }, ctx), ValidationError, "The store is already Small");
    expect((same as ValidationError).fieldErrors).toEqual({ size: ["The store is already Small"] });
    const shrink = await expectRefused(store.id, () => resizeStore(store.id, { size: "tiny" }, ctx), ValidationError, "storage cannot shrink from 5Gi to 2Gi");
    expect((shrink as ValidationError).fieldErrors).toEqual({ size: ["storage cannot shrink from 5Gi to 2Gi"] });
  });

  it("resizes a store at rest (ready, suspended or failed) only, writing nothing otherwise", async () => {
    for (const phase of ["Suspended", "Failed"] as const) {
      const store = await settledStore(cast.alice, "small", phase);
      expect((await resizeStore(store.id, { size: "medium" }, contextOf(cast.alice))).size).toBe("medium");
    }
    const busy = await settledStore(cast.alice, "small", "Provisioning");
    await expectRefused(busy.id, () => resizeStore(busy.id, { size: "medium" }, contextOf(cast.alice)), ConflictError, "Only a store that is ready, suspended or failed can be resized (this one is Provisioning)");
    const leaving = await settledStore(cast.alice, "small");
    await db().store.update({ where: { id: leaving.id }, data: { desiredState: "absent", phase: "Deleting" } });
    await expectRefused(leaving.id, () => resizeStore(leaving.id, { size: "medium" }, contextOf(cast.alice)), ConflictError, "Only a store that is ready, suspended or failed can be resized (this one is Deleting)");
  });

  it("lets the owner and admins resize, and hides the store from other members", async () => {
    const store = await settledStore(cast.alice);
    await expectRefused(store.id, () => resizeStore(store.id, { size: "medium" }, contextOf(cast.bob)), NotFoundError, "Store not found");
    expect((await resizeStore(store.id, { size: "medium" }, contextOf(cast.admin))).size).toBe("medium");
    expect(await db().auditLog.count({ where: { action: "store.resize", actorId: cast.admin.id, storeId: store.id } })).toBe(1);
  });
});

describe("POST /api/v1/stores/{id}/resize", () => {
  it("answers 202 with the store, 422 with field errors, 409 in the wrong phase, 404 for others' stores, 403 for a read-only token", async () => {
    const store = await settledStore(cast.alice, "small");
    const { token } = await createApiToken({ name: "ci" }, contextOf(cast.alice, "api"));
    const call = (body: unknown, as = token) => callRoute(resizeRoute, { method: "POST", path: `/api/v1/stores/${store.id}/resize`, token: as, body, params: { id: store.id } });

    const before = await written(store.id);
    const shrink = await call({ size: "tiny" });
    expect(shrink).toMatchObject({ status: 422, body: { error: { code: "validation_failed", message: "storage cannot shrink from 5Gi to 2Gi", fieldErrors: { size: ["storage cannot shrink from 5Gi to 2Gi"] } } } });
    expect((await call({ size: 5 })).status).toBe(422);
    expect((await call("not json")).status).toBe(422);
    const bobToken = (await createApiToken({ name: "bob" }, contextOf(cast.bob, "api"))).token;
    expect((await call({ size: "medium" }, bobToken)).status).toBe(404);
    const readOnly = (await createApiToken({ name: "ro", scope: "read" }, contextOf(cast.alice, "api"))).token;
    expect((await call({ size: "medium" }, readOnly)).status).toBe(403);
    // Tokens are audited and written elsewhere; the store and its timeline are untouched.
    expect((await written(store.id)).store).toEqual(before.store);
    expect((await written(store.id)).events).toBe(before.events);

    const grown = await call({ size: "medium" });
    expect(grown.status).toBe(202);
    expect(grown.body.store).toMatchObject({ id: store.id, size: "medium", volumeStorage: "5Gi", reconciling: true });
    expect(await call({ size: "large" })).toMatchObject({ status: 422 });
    await db().store.update({ where: { id: store.id }, data: { phase: "Provisioning" } });
    expect(await call({ size: "wide" })).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  });
});
