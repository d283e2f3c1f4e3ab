// Asking for backups against a real PostgreSQL: who may, when a store can be backed up, one at a
// time, the final backup queued with a delete, and nothing written on a refusal. The object store
// is never contacted by the portal: its address only turns backups on.
process.env.BACKUP_S3_ENDPOINT = "http://127.0.0.1:9";
process.env.BACKUP_S3_BUCKET = "storefleet-backups";

import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { changeStoreLifecycle, createStore, resizeStore } from "@/lib/stores/service";
import { listBackups, requestBackup } from "@/lib/backups/service";
import { restoreStore } from "@/lib/backups/restore";
import { queueScheduledBackups } from "@/lib/worker/backup-queue";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { contextOf, useCast } from "../support/actors";

const cast = useCast();
afterAll(disconnectDb);

/** A store of the actor's that the worker has made Ready (or left in `phase`). */
async function storeOf(actor: Actor, name: string, phase: "Ready" | "Suspended" | "Failed" = "Ready") {
  const { store } = await createStore({ name, size: "small" }, contextOf(actor));
  await db().store.update({ where: { id: store.id }, data: { phase, desiredState: phase === "Suspended" ? "suspended" : "present", observedGeneration: 1 } });
  return store;
}

const backupsOf = (storeId: string) => db().backup.findMany({ where: { storeId }, orderBy: { requestedAt: "asc" } });

describe("requesting a backup", () => {
  it("queues a manual backup of a running store for its owner, audited", async () => {
    const store = await storeOf(cast.alice, "bk-owner");
    const backup = await requestBackup(store.id, contextOf(cast.alice, "api"));
    expect(backup).toMatchObject({ kind: "manual", state: "requested", sizeBytes: null, error: null, expired: false });
    const audit = await db().auditLog.findMany({ where: { storeId: store.id, action: "store.backup" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: cast.alice.id, via: "api", details: { slug: store.slug, backupId: backup.id } });
    expect((await listBackups(cast.alice, store.id)).map((b) => b.id)).toEqual([backup.id]);
  });

  it("allows one at a time: a second request is refused while the first is queued or running", async () => {
    const store = await storeOf(cast.alice, "bk-one");
    const first = await requestBackup(store.id, contextOf(cast.alice));
    await expect(requestBackup(store.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("A backup of this store is already queued or running"));
    await db().backup.update({ where: { id: first.id }, data: { state: "running" } });
    await expect(requestBackup(store.id, contextOf(cast.alice))).rejects.toBeInstanceOf(ConflictError);
    await db().backup.update({ where: { id: first.id }, data: { state: "succeeded" } });
    const second = await requestBackup(store.id, contextOf(cast.admin));
    expect((await backupsOf(store.id)).map((b) => b.id)).toEqual([first.id, second.id]);
    expect(await db().auditLog.count({ where: { storeId: store.id, action: "store.backup" } })).toBe(2);
  });

  it("another member can neither ask for nor list the store's backups; an admin can", async () => {
    const store = await storeOf(cast.alice, "bk-other");
    await expect(requestBackup(store.id, contextOf(cast.bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(listBackups(cast.bob, store.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await backupsOf(store.id)).toEqual([]);
    const byAdmin = await requestBackup(store.id, contextOf(cast.admin));
    expect((await listBackups(cast.admin, store.id)).map((b) => b.id)).toEqual([byAdmin.id]);
  });

  it("refuses a store that is not running, writing nothing", async () => {
    for (const phase of ["Suspended", "Failed"] as const) {
      const store = await storeOf(cast.alice, `bk-${phase.toLowerCase()}`, phase);
      await expect(requestBackup(store.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError(`Only a running store can be backed up; this one is ${phase}`));
      expect(await backupsOf(store.id)).toEqual([]);
      expect(await db().auditLog.count({ where: { storeId: store.id, action: "store.backup" } })).toBe(0);
    }
  });
});

describe("the final backup", () => {
  it("is queued in the same transaction as the delete of a running store", async () => {
    const store = await storeOf(cast.alice, "bk-final");
    await changeStoreLifecycle(store.id, "delete", contextOf(cast.alice));
    expect((await backupsOf(store.id)).map((b) => [b.kind, b.state])).toEqual([["final", "requested"]]);
  });

  it("is not queued for a store that does not run, nor beside a backup already in flight", async () => {
    const failed = await storeOf(cast.alice, "bk-final-failed", "Failed");
    await changeStoreLifecycle(failed.id, "delete", contextOf(cast.alice));
    expect(await backupsOf(failed.id)).toEqual([]);

    const busy = await storeOf(cast.alice, "bk-final-busy");
    const manual = await requestBackup(busy.id, contextOf(cast.alice));
    await changeStoreLifecycle(busy.id, "delete", contextOf(cast.alice));
    expect((await backupsOf(busy.id)).map((b) => b.id)).toEqual([manual.id]);
    expect((await db().store.findUniqueOrThrow({ where: { id: busy.id } })).desiredState).toBe("absent");
  });
});

describe("scheduled backups", () => {
  const HOUR = 3600_000;
  const ago = (hours: number) => new Date(Date.now() - hours * HOUR);

  it("are queued for each running store once an interval has passed since its last one, or since it became ready", async () => {
    const fresh = await storeOf(cast.alice, "bk-sched-fresh");
    const old = await storeOf(cast.alice, "bk-sched-old");
    const suspended = await storeOf(cast.alice, "bk-sched-suspended", "Suspended");
    await db().store.updateMany({ where: { id: { in: [old.id, suspended.id] } }, data: { readyAt: ago(30) } });
    await db().store.update({ where: { id: fresh.id }, data: { readyAt: ago(1) } });

    expect(await queueScheduledBackups(24)).toBe(1);
    expect((await backupsOf(old.id)).map((b) => [b.kind, b.state])).toEqual([["scheduled", "requested"]]);
    expect(await backupsOf(fresh.id)).toEqual([]);
    expect(await backupsOf(suspended.id)).toEqual([]);

    // Queued once: again within the interval (or while it is still queued) adds nothing.
    expect(await queueScheduledBackups(24)).toBe(0);
    const [first] = await backupsOf(old.id);
    await db().backup.update({ where: { id: first!.id }, data: { state: "succeeded", requestedAt: ago(25) } });
    expect(await queueScheduledBackups(24)).toBe(1);
    expect((await backupsOf(old.id)).map((b) => b.kind)).toEqual(["scheduled", "scheduled"]);
  });
});

describe("restoring a backup", () => {
  /** A backup of the store that succeeded (the worker's part, written straight in the database). */
  const whole = (storeId: string, data: Partial<{ state: "succeeded" | "failed"; expiredAt: Date }> = {}) =>
    db().backup.create({ data: { storeId, kind: "manual", state: "succeeded", finishedAt: new Date(), sizeBytes: 1234, ...data } });

  it("records the restore for the worker: the backup to restore, a new generation, the timeline step and the audit entry", async () => {
    const store = await storeOf(cast.alice, "rs-owner");
    const backup = await whole(store.id);
    const view = await restoreStore(store.id, backup.id, contextOf(cast.alice, "api"));
    expect(view.statusMessage).toBe("Restore requested");
    const row = await db().store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row).toMatchObject({ restoreBackupId: backup.id, generation: 2 });
    const steps = await db().storeEvent.findMany({ where: { storeId: store.id, step: "restore" } });
    expect(steps.map((e) => [e.generation, e.state])).toEqual([[2, "running"]]);
    expect(steps[0]!.message).toMatch(/^Restoring the backup of \d{4}-\d\d-\d\d \d\d:\d\d UTC, 1\.2 KB$/);
    expect(await db().auditLog.count({ where: { storeId: store.id, action: "store.restore", actorId: cast.alice.id } })).toBe(1);
    // One at a time, and nothing else meanwhile but a delete.
    await expect(restoreStore(store.id, backup.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("A restore of this store is already under way"));
    const restoring = new ConflictError("A backup is being restored into this store; try again once it is done");
    await expect(changeStoreLifecycle(store.id, "suspend", contextOf(cast.alice))).rejects.toThrow(restoring);
    await expect(resizeStore(store.id, { size: "medium" }, contextOf(cast.alice))).rejects.toThrow(restoring);
    await changeStoreLifecycle(store.id, "delete", contextOf(cast.alice));
  });

  it("refuses others, other stores' backups, unfinished or expired backups and stores not running, writing nothing", async () => {
    const store = await storeOf(cast.alice, "rs-rules");
    const other = await storeOf(cast.bob, "rs-other");
    const backup = await whole(store.id);
    await expect(restoreStore(store.id, backup.id, contextOf(cast.bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(restoreStore(other.id, backup.id, contextOf(cast.bob))).rejects.toThrow(new NotFoundError("Backup not found"));
    await expect(restoreStore(store.id, "not a backup id", contextOf(cast.alice))).rejects.toThrow(new NotFoundError("Backup not found"));
    const failed = await whole(store.id, { state: "failed" });
    await expect(restoreStore(store.id, failed.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("Only a backup that succeeded can be restored"));
    const expired = await whole(store.id, { expiredAt: new Date() });
    await expect(restoreStore(store.id, expired.id, contextOf(cast.alice))).rejects.toThrow(new ConflictError("This backup's files were deleted by retention"));
    await db().store.update({ where: { id: store.id }, data: { phase: "Suspended", desiredState: "suspended" } });
    await expect(restoreStore(store.id, backup.id, contextOf(cast.admin))).rejects.toThrow(new ConflictError("Only a running store can be restored from a backup (this one is Suspended)"));
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).restoreBackupId).toBeNull();
    expect(await db().storeEvent.count({ where: { storeId: store.id, step: "restore" } })).toBe(0);
    expect(await db().auditLog.count({ where: { action: "store.restore" } })).toBe(0);
  });
});
