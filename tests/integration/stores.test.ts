// The store domain against a real PostgreSQL: name rules, uniqueness, quota, rate limit,
// idempotency, lifecycle intents and who may see and change what. No cluster is involved: the
// portal only records intent.
process.env.STORE_CREATE_RATE_LIMIT = "4";
process.env.STORE_CREATE_RATE_WINDOW_SECONDS = "3600";

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { changeStoreLifecycle, createStore, getStore, listStoreEvents, listStores } from "@/lib/stores/service";
import { createAdminLoginLink, revealStoreCredentials } from "@/lib/stores/credentials";
import { listAudit } from "@/lib/audit/query";
import { pruneExpiredIdempotencyRecords } from "@/lib/stores/idempotency";
import { ConflictError, NotFoundError, QuotaExceededError, RateLimitedError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";

let admin: Actor;
let alice: Actor;
let bob: Actor;

beforeEach(async () => {
  await resetDatabase();
  admin = await makeUser("admin");
  alice = await makeUser("member", { quota: 10, admin });
  bob = await makeUser("member", { quota: 10, admin });
});
afterAll(disconnectDb);

const create = (actor: Actor, name: string, extra: Record<string, unknown> = {}) =>
  createStore({ name, size: "small", ...extra }, contextOf(actor));

async function expectNothingWritten(attempt: () => Promise<unknown>, errorType: new (...a: never[]) => Error, message?: RegExp) {
  const before = { stores: await db().store.count(), audit: await db().auditLog.count() };
  const error = await attempt().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(errorType);
  if (message) expect((error as Error).message).toMatch(message);
  expect({ stores: await db().store.count(), audit: await db().auditLog.count() }).toEqual(before);
  return error;
}

describe("creating a store", () => {
  it("records a Pending store, audited, and wakes the workers", async () => {
    const { store } = await create(alice, "alpha-shop", { displayName: "Alpha Shop" });
    expect(store).toMatchObject({ slug: "alpha-shop", displayName: "Alpha Shop", phase: "Pending", desiredState: "present", namespace: "store-alpha-shop", sizeLabel: "Small" });
    expect(store.resources).toEqual({ cpu: "1", memory: "1Gi", storage: "5Gi" });
    expect(store.sampleProducts).toBe(false);
    expect(await db().auditLog.count({ where: { action: "store.create", storeId: store.id, actorId: alice.id, sourceIp: "192.0.2.10" } })).toBe(1);
  });

  it("gives each name rule its own field error and writes nothing", async () => {
    const cases: [string, string][] = [
      ["ab", "Name must be at least 3 characters"],
      ["a".repeat(31), "Name must be at most 30 characters"],
      ["Shop", "Use only lowercase letters, digits and hyphens"],
      ["9shop", "Name must start with a letter"],
      ["shop-", "Name must not end with a hyphen"],
      ["default", "This name is reserved; choose another"],
    ];
    for (const [name, message] of cases) {
      const error = (await expectNothingWritten(() => create(alice, name), ValidationError)) as ValidationError;
      expect(error.fieldErrors.name).toEqual([message]);
    }
    const badSize = (await expectNothingWritten(() => create(alice, "fine-name", { size: "huge" }), ValidationError)) as ValidationError;
    expect(badSize.fieldErrors.size?.[0]).toMatch(/Choose a size: small, medium, large/);
  });

  it("records the choice of sample products, and refuses anything but true or false", async () => {
    const { store } = await create(alice, "sample-shop", { sampleProducts: true });
    expect(store.sampleProducts).toBe(true);
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).sampleProducts).toBe(true);
    const error = (await expectNothingWritten(() => create(alice, "other-shop", { sampleProducts: "yes" }), ValidationError)) as ValidationError;
    expect(error.fieldErrors.sampleProducts).toEqual(["sampleProducts must be true or false"]);
  });

  it("refuses a name in use by a live store, and one still being deleted", async () => {
    const { store } = await create(alice, "taken");
    await expectNothingWritten(() => create(bob, "taken"), ConflictError, /already exists/);
    await changeStoreLifecycle(store.id, "delete", contextOf(alice));
    await expectNothingWritten(() => create(bob, "taken"), ConflictError, /still being deleted/);
    // Once the worker has removed it, the name is its owner's again; others wait for the hold
    // period (tests/integration/store-names.test.ts).
    await db().store.update({ where: { id: store.id }, data: { phase: "Deleted", deletedAt: new Date() } });
    await expectNothingWritten(() => create(bob, "taken"), ConflictError, /held for that store's owner/);
    expect((await create(alice, "taken")).store.owner.id).toBe(alice.id);
  });

  it("respects the owner's quota, also under concurrent requests", async () => {
    const carol = await makeUser("member", { quota: 3, admin });
    // Creates of one owner run in parallel and count last, under the owner's lock.
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => create(carol, `q-shop-${i}`)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refusals.every((e) => e instanceof QuotaExceededError)).toBe(true);
    expect(refusals[0].message).toBe("You have 3 of 3 stores allowed; delete one or ask an administrator for a higher quota");
    expect(await db().store.count({ where: { ownerId: carol.id } })).toBe(3);
    expect(await db().auditLog.count({ where: { actorId: carol.id, action: "store.create" } })).toBe(3);
  });

  it("rate-limits creations per user with a Retry-After", async () => {
    for (const n of ["r-one", "r-two", "r-three", "r-four"]) await create(alice, n);
    const error = (await expectNothingWritten(() => create(alice, "r-five"), RateLimitedError, /You can create 4 stores per 60 minutes/)) as RateLimitedError;
    expect(error.retryAfterSeconds).toBeGreaterThan(3500);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3600);
    // Other users are not affected.
    await expect(create(bob, "r-bob")).resolves.toBeTruthy();
  });

  it("makes one store for two creates with one Idempotency-Key and replays the response", async () => {
    const input = { name: "idem-shop", size: "small" };
    const [first, second] = await Promise.all([
      createStore(input, contextOf(alice, "api"), { idempotencyKey: "key-1" }),
      createStore(input, contextOf(alice, "api"), { idempotencyKey: "key-1" }),
    ]);
    expect(first.store).toEqual(second.store);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(await db().store.count({ where: { slug: "idem-shop" } })).toBe(1);
    await expect(createStore({ name: "other-shop", size: "small" }, contextOf(alice, "api"), { idempotencyKey: "key-1" })).rejects.toThrow(
      "This Idempotency-Key was already used with a different request",
    );
    // A day later the record has expired: pruning removes it and the key may name a new request.
    const dayAndASecond = Date.now() + 24 * 3600 * 1000 + 1000;
    expect(await pruneExpiredIdempotencyRecords(Date.now())).toBe(0);
    expect(await pruneExpiredIdempotencyRecords(dayAndASecond)).toBe(1);
    // Keys are per user: Bob's "key-1" is his own.
    await expect(createStore({ name: "bob-shop", size: "small" }, contextOf(bob, "api"), { idempotencyKey: "key-1" })).resolves.toMatchObject({ replayed: false });
  });
});

describe("expired Idempotency-Keys", () => {
  it("no longer bind the key once a day has passed, pruned or not", async () => {
    await createStore({ name: "old-request", size: "small" }, contextOf(alice, "api"), { idempotencyKey: "key-2" });
    await db().idempotencyRecord.updateMany({ where: { userId: alice.id, key: "key-2" }, data: { createdAt: new Date(Date.now() - 25 * 3600 * 1000) } });
    const fresh = await createStore({ name: "new-request", size: "small" }, contextOf(alice, "api"), { idempotencyKey: "key-2" });
    expect(fresh).toMatchObject({ replayed: false, store: { slug: "new-request" } });
    expect(await db().idempotencyRecord.count({ where: { userId: alice.id, key: "key-2" } })).toBe(1);
  });
});

describe("lifecycle intents", () => {
  it("moves desired state, bumps the generation and refuses impossible transitions", async () => {
    const { store } = await create(alice, "life");
    await db().store.update({ where: { id: store.id }, data: { phase: "Ready" } });
    const ctx = contextOf(alice);
    expect(await changeStoreLifecycle(store.id, "suspend", ctx)).toMatchObject({ desiredState: "suspended" });
    await expect(changeStoreLifecycle(store.id, "suspend", ctx)).rejects.toThrow(ConflictError);
    expect(await changeStoreLifecycle(store.id, "resume", ctx)).toMatchObject({ desiredState: "present" });
    await expect(changeStoreLifecycle(store.id, "retry", ctx)).rejects.toThrow("Only a failed store can be retried (this one is Ready)");
    await db().store.update({ where: { id: store.id }, data: { phase: "Failed", failureCount: 5 } });
    await changeStoreLifecycle(store.id, "retry", ctx);
    const row = await db().store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row).toMatchObject({ generation: 4, failureCount: 0 });
    expect(await db().auditLog.count({ where: { storeId: store.id } })).toBe(4);
  });

  it("requires the exact name to confirm a delete from the UI", async () => {
    const { store } = await create(alice, "confirm-me");
    await expect(changeStoreLifecycle(store.id, "delete", contextOf(alice), { confirmName: "confirm" })).rejects.toMatchObject({
      fieldErrors: { confirmName: ['Type "confirm-me" to confirm'] },
    });
    expect((await getStore(alice, store.id)).desiredState).toBe("present");
    expect(await changeStoreLifecycle(store.id, "delete", contextOf(alice), { confirmName: "confirm-me" })).toMatchObject({ desiredState: "absent" });
    await expect(changeStoreLifecycle(store.id, "delete", contextOf(alice))).rejects.toThrow("already being deleted");
  });
});

describe("who may see and change a store", () => {
  it("hides a member's store from other members in every operation, writing nothing", async () => {
    const { store } = await create(alice, "private-shop");
    await db().store.update({ where: { id: store.id }, data: { phase: "Ready" } });
    const bobCtx = contextOf(bob);
    expect((await listStores(bob)).items).toEqual([]);
    expect((await listStores(bob, { ownerId: alice.id })).items).toEqual([]);
    await expect(getStore(bob, store.id)).rejects.toThrow(NotFoundError);
    await expect(listStoreEvents(bob, store.id)).rejects.toThrow(NotFoundError);
    for (const action of ["suspend", "resume", "retry", "delete"] as const) {
      await expect(changeStoreLifecycle(store.id, action, bobCtx)).rejects.toThrow(NotFoundError);
    }
    await expect(revealStoreCredentials(store.id, bobCtx)).rejects.toThrow(NotFoundError);
    await expect(createAdminLoginLink(store.id, bobCtx)).rejects.toThrow(NotFoundError);
    expect(await db().store.findUniqueOrThrow({ where: { id: store.id } })).toMatchObject({ desiredState: "present", generation: 1 });
    expect(await db().auditLog.count({ where: { actorId: bob.id, storeId: store.id } })).toBe(0);
    expect((await listAudit(bob)).items.filter((e) => e.storeId === store.id)).toEqual([]);
  });

  it("makes admin sign-in links only for a Ready store, auditing nothing when it refuses", async () => {
    const { store } = await create(alice, "not-ready-yet");
    await expect(createAdminLoginLink(store.id, contextOf(alice))).rejects.toThrow(/opens once the store is Ready/);
    expect(await db().auditLog.count({ where: { action: "store.admin_login" } })).toBe(0);
  });

  it("lets admins see, filter and change every store", async () => {
    const { store } = await create(alice, "admin-visible");
    await create(bob, "bob-visible");
    expect((await listStores(admin)).total).toBe(2);
    expect((await listStores(admin, { ownerId: alice.id })).items.map((s) => s.slug)).toEqual(["admin-visible"]);
    expect((await listStores(admin, { phase: "Ready" })).total).toBe(0);
    expect((await getStore(admin, store.id)).owner.email).toBe(alice.email);
    await db().store.update({ where: { id: store.id }, data: { phase: "Ready" } });
    await changeStoreLifecycle(store.id, "suspend", contextOf(admin));
    expect((await listAudit(alice)).items.map((e) => e.action)).toContain("store.suspend");
  });

  it("lists deleted stores only when asked for", async () => {
    const { store } = await create(alice, "gone-shop");
    await db().store.update({ where: { id: store.id }, data: { phase: "Deleted", deletedAt: new Date(), desiredState: "absent" } });
    expect((await listStores(alice)).items).toEqual([]);
    expect((await listStores(alice, { phase: "Deleted" })).items.map((s) => s.slug)).toEqual(["gone-shop"]);
  });
});
