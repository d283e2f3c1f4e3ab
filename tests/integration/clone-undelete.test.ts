// Cloning a store from a backup and undoing a delete, against a real PostgreSQL: who may, what is
// recorded for the worker (the seeded or revived store, its `restore` step, the audit entry), and
// nothing written on a refusal.
process.env.BACKUP_S3_ENDPOINT = "http://127.0.0.1:9";
process.env.BACKUP_S3_BUCKET = "storefleet-backups";
process.env.STORE_NAME_HOLD_DAYS = "30";
process.env.STORE_CREATE_RATE_LIMIT = "1000";

import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { changeStoreLifecycle, createStore } from "@/lib/stores/service";
import { cloneStore } from "@/lib/backups/clone";
import { undoDelete } from "@/lib/backups/undo-delete";
import { ConflictError, NotFoundError, QuotaExceededError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { contextOf, makeUser, useCast } from "../support/actors";

const cast = useCast();
afterAll(disconnectDb);

/** A store of the actor's that the worker has made Ready. */
async function readyStore(actor: Actor, name: string, size = "small") {
  const { store } = await createStore({ name, size }, contextOf(actor));
  await db().store.update({ where: { id: store.id }, data: { phase: "Ready", observedGeneration: 1, readyAt: new Date() } });
  return store;
}

/** A backup of the store that succeeded (the worker's part, written straight in the database). */
const whole = (storeId: string, data: Partial<{ state: "succeeded" | "failed"; expiredAt: Date; kind: "manual" | "final"; finishedAt: Date }> = {}) =>
  db().backup.create({ data: { storeId, kind: "manual", state: "succeeded", finishedAt: new Date(), sizeBytes: 2_500_000, ...data } });

/** The store as the worker leaves it once its delete is done, `daysAgo` days ago. */
async function deletedStore(actor: Actor, name: string, daysAgo = 1) {
  const store = await readyStore(actor, name);
  await changeStoreLifecycle(store.id, "delete", contextOf(actor));
  const deletedAt = new Date(Date.now() - daysAgo * 86_400_000);
  await db().store.update({ where: { id: store.id }, data: { phase: "Deleted", observedGeneration: 2, deletedAt } });
  await db().backup.updateMany({ where: { storeId: store.id, kind: "final" }, data: { state: "succeeded", finishedAt: deletedAt, sizeBytes: 2_500_000 } });
  return store;
}

const auditCount = (action: string) => db().auditLog.count({ where: { action } });

describe("cloning a store from a backup", () => {
  it("records a new store of the caller's, seeded with the backup: its restore step, the source's size, the audit entry", async () => {
    const source = await readyStore(cast.alice, "cl-source", "medium");
    const backup = await whole(source.id);
    const { store, replayed } = await cloneStore(source.id, backup.id, { name: "cl-copy" }, contextOf(cast.alice, "api"), { idempotencyKey: "clone-1" });
    expect(replayed).toBe(false);
    expect(store).toMatchObject({ slug: "cl-copy", displayName: "cl-copy", size: "medium", phase: "Pending", sampleProducts: false, owner: { id: cast.alice.id } });
    expect(await db().store.findUniqueOrThrow({ where: { id: store.id } })).toMatchObject({ restoreBackupId: backup.id, generation: 1, readyAt: null });
    const steps = await db().storeEvent.findMany({ where: { storeId: store.id } });
    expect(steps.map((e) => [e.generation, e.step, e.state])).toEqual([[1, "restore", "running"]]);
    expect(steps[0]!.message).toMatch(/^Restoring the backup of \d{4}-\d\d-\d\d \d\d:\d\d UTC, 2\.5 MB of cl-source$/);
    const audit = await db().auditLog.findMany({ where: { action: "store.clone", targetId: store.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: cast.alice.id, via: "api", details: { slug: "cl-copy", size: "medium", sourceStoreId: source.id, backupId: backup.id } });
    // The same request with the same key answers with the first clone; another body is refused.
    const again = await cloneStore(source.id, backup.id, { name: "cl-copy" }, contextOf(cast.alice, "api"), { idempotencyKey: "clone-1" });
    expect(again).toMatchObject({ replayed: true, store: { id: store.id } });
    await expect(cloneStore(source.id, backup.id, { name: "cl-copy-2" }, contextOf(cast.alice), { idempotencyKey: "clone-1" })).rejects.toBeInstanceOf(ConflictError);
    // The source is untouched.
    expect(await db().store.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({ restoreBackupId: null, generation: 1 });
  });

  it("makes the clone the caller's: an admin cloning a member's store owns the clone", async () => {
    const source = await readyStore(cast.bob, "cl-bobs");
    const backup = await whole(source.id);
    const { store } = await cloneStore(source.id, backup.id, { name: "cl-admins", size: "large" }, contextOf(cast.admin));
    expect(store).toMatchObject({ owner: { id: cast.admin.id }, size: "large" });
  });

  it("refuses others, bad backups, a taken name, less storage, a full quota, and bad input, writing nothing", async () => {
    const source = await readyStore(cast.alice, "cl-rules", "medium");
    const backup = await whole(source.id);
    const before = await db().store.count();
    await expect(cloneStore(source.id, backup.id, { name: "cl-bob" }, contextOf(cast.bob))).rejects.toThrow(new NotFoundError("Store not found"));
    const failed = await whole(source.id, { state: "failed" });
    await expect(cloneStore(source.id, failed.id, { name: "cl-x" }, contextOf(cast.alice))).rejects.toThrow(new ConflictError("Only a backup that succeeded can be restored"));
    const expired = await whole(source.id, { expiredAt: new Date() });
    await expect(cloneStore(source.id, expired.id, { name: "cl-x" }, contextOf(cast.alice))).rejects.toThrow(new ConflictError("This backup's files were deleted by retention"));
    await expect(cloneStore(source.id, "nope", { name: "cl-x" }, contextOf(cast.alice))).rejects.toThrow(new NotFoundError("Backup not found"));
    await expect(cloneStore(source.id, backup.id, { name: "cl-rules" }, contextOf(cast.alice))).rejects.toThrow('A store named "cl-rules" already exists');
    const small = cloneStore(source.id, backup.id, { name: "cl-x", size: "small" }, contextOf(cast.alice));
    await expect(small).rejects.toBeInstanceOf(ValidationError);
    await expect(small).rejects.toThrow(/^A clone needs at least the source's storage \(20Gi\); Small has 5Gi$/);
    await expect(cloneStore(source.id, backup.id, { name: "Not A Name" }, contextOf(cast.alice))).rejects.toBeInstanceOf(ValidationError);
    const full = await makeUser("member", { quota: 1, admin: cast.admin });
    const own = await readyStore(full, "cl-full");
    const ownBackup = await whole(own.id);
    await expect(cloneStore(own.id, ownBackup.id, { name: "cl-full-2" }, contextOf(full))).rejects.toBeInstanceOf(QuotaExceededError);
    // Only the quota test's own store was made.
    expect(await db().store.count()).toBe(before + 1);
    expect(await db().store.count({ where: { slug: "cl-full-2" } })).toBe(0);
  });
});

describe("undoing a delete", () => {
  it("brings the deleted row back to be provisioned from its newest backup: same id and name, a new generation, its restore step, the audit entry", async () => {
    const store = await deletedStore(cast.alice, "ud-owner");
    const older = await whole(store.id, { finishedAt: new Date(Date.now() - 5 * 86_400_000) });
    const final = await db().backup.findFirstOrThrow({ where: { storeId: store.id, kind: "final" } });
    const view = await undoDelete(store.id, contextOf(cast.alice, "api"));
    expect(view).toMatchObject({ id: store.id, slug: "ud-owner", phase: "Pending", desiredState: "present", deletedAt: null, statusMessage: "Undo delete requested", undoDeleteUntil: null });
    const row = await db().store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row).toMatchObject({ restoreBackupId: final.id, generation: 3, readyAt: null, appliedDigest: null });
    expect(row.restoreBackupId).not.toBe(older.id);
    const step = await db().storeEvent.findFirstOrThrow({ where: { storeId: store.id, generation: 3 } });
    expect(step).toMatchObject({ step: "restore", state: "running" });
    expect(step.message).toMatch(/^Bringing the store back from the backup of \d{4}-\d\d-\d\d \d\d:\d\d UTC, 2\.5 MB$/);
    expect(await db().auditLog.count({ where: { action: "store.undelete", storeId: store.id, actorId: cast.alice.id, via: "api" } })).toBe(1);
    // It is a live store again: a second undo is refused.
    await expect(undoDelete(store.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("This store is not deleted"));
  });

  it("shows until when a deleted store's delete can be undone", async () => {
    const store = await deletedStore(cast.alice, "ud-view", 2);
    const { getStore } = await import("@/lib/stores/service");
    const view = await getStore(cast.alice, store.id);
    const deletedAt = new Date(view.deletedAt!).getTime();
    expect(new Date(view.undoDeleteUntil!).getTime()).toBe(deletedAt + 30 * 86_400_000);
  });

  it("refuses others, a store still being deleted, a lapsed hold, no restorable backup, a name taken again and a full quota, writing nothing", async () => {
    const undoes = await auditCount("store.undelete");
    const store = await deletedStore(cast.alice, "ud-rules");
    await expect(undoDelete(store.id, contextOf(cast.bob))).rejects.toThrow(new NotFoundError("Store not found"));

    const deleting = await readyStore(cast.alice, "ud-deleting");
    await changeStoreLifecycle(deleting.id, "delete", contextOf(cast.alice));
    await expect(undoDelete(deleting.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("This store is still being deleted; its delete can be undone once it is done"));

    const lapsed = await deletedStore(cast.alice, "ud-lapsed", 31);
    await expect(undoDelete(lapsed.id, contextOf(cast.alice))).rejects.toThrow(/^This delete can no longer be undone: the store's name was held for its owner until \d{4}-\d\d-\d\d$/);

    const bare = await deletedStore(cast.alice, "ud-bare");
    await db().backup.updateMany({ where: { storeId: bare.id }, data: { expiredAt: new Date() } });
    await expect(undoDelete(bare.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("This store has no backup that can be restored, so its delete cannot be undone"));

    const retaken = await deletedStore(cast.alice, "ud-retaken");
    await createStore({ name: "ud-retaken", size: "small" }, contextOf(cast.alice));
    await expect(undoDelete(retaken.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError('The name "ud-retaken" is in use by another store again, so this one cannot be brought back under it'));

    const full = await makeUser("member", { quota: 1, admin: cast.admin });
    const gone = await deletedStore(full, "ud-full");
    await readyStore(full, "ud-full-other");
    await expect(undoDelete(gone.id, contextOf(full))).rejects.toBeInstanceOf(QuotaExceededError);

    for (const s of [store, lapsed, bare, retaken, gone]) {
      expect(await db().store.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ phase: "Deleted", restoreBackupId: null, generation: 2 });
    }
    expect(await auditCount("store.undelete")).toBe(undoes);
    // An admin may undo a member's delete.
    await expect(undoDelete(store.id, contextOf(cast.admin))).resolves.toMatchObject({ phase: "Pending" });
  });
});
