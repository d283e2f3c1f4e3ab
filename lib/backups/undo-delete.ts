// Undoing a delete, as the portal asks for it: while a deleted store's name is still held for its
// owner (STORE_NAME_HOLD_DAYS), the deleted row becomes a store to provision again, with the same
// id, name and URL (its timeline and backups carry on), from its newest restorable backup (the
// final one its delete made). The worker provisions it around that restore, like a clone
// (lib/backups/clone.ts); its new Secret's administrator password is set by the bootstrap.
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { ConflictError } from "@/lib/errors";
import { undoDeleteRefusal } from "@/lib/stores/lifecycle";
import { notifyStoreChanged } from "@/lib/stores/notify";
import { countOwnerStoresLast, findManageable, quotaRefusal } from "@/lib/stores/service";
import { storeRowSelect, toStoreView, type StoreView } from "@/lib/stores/views";
import { backupsEnabled } from "./config";
import { backupLabel } from "./restore";

/** The newest backup of the store that can still be restored, or null. */
function newestRestorableBackup(storeId: string) {
  return db().backup.findFirst({ where: { storeId, state: "succeeded", expiredAt: null, finishedAt: { not: null } }, orderBy: { finishedAt: "desc" } });
}

export async function undoDelete(storeId: string, ctx: ActorContext): Promise<StoreView> {
  const config = env();
  const store = await findManageable(ctx.actor, storeId);
  const refusal = undoDeleteRefusal(store, new Date(), config.STORE_NAME_HOLD_DAYS);
  if (refusal) throw new ConflictError(refusal);
  if (!backupsEnabled(config)) throw new ConflictError("Backups are not configured on this platform (BACKUP_S3_ENDPOINT)");
  const backup = await newestRestorableBackup(storeId);
  if (!backup) throw new ConflictError("This store has no backup that can be restored, so its delete cannot be undone");
  try {
    const row = await db().$transaction(async (tx) => {
      const { count } = await tx.store.updateMany({
        where: { id: storeId, deletedAt: store.deletedAt },
        data: {
          deletedAt: null, desiredState: "present", phase: "Pending", statusMessage: "Undo delete requested", statusHint: null, failureReason: null,
          generation: { increment: 1 }, failureCount: 0, readyAt: null, restoreBackupId: backup.id, appliedDigest: null, appliedState: Prisma.DbNull,
          progressDeadline: null, progressKey: null, nextReconcileAt: new Date(),
        },
      });
      if (count === 0) throw new ConflictError("This store changed meanwhile; reload the page and try again");
      const counts = await countOwnerStoresLast(tx, store.ownerId);
      const overQuota = quotaRefusal(counts.live - 1, counts.quota);
      if (overQuota) throw overQuota; // the update rolls back: the store stays deleted
      const updated = await tx.store.findUniqueOrThrow({ where: { id: storeId }, select: storeRowSelect });
      await tx.storeEvent.create({ data: { storeId, generation: updated.generation, step: "restore", state: "running", message: `Bringing the store back from ${backupLabel({ ...backup, finishedAt: backup.finishedAt! })}` } });
      await recordAudit(ctx, { action: "store.undelete", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, backupId: backup.id } }, tx);
      return updated;
    });
    await notifyStoreChanged(storeId);
    return toStoreView(row, env());
  } catch (error) {
    // Its owner took the name again for another store meanwhile: the partial unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`The name "${store.slug}" is in use by another store again, so this one cannot be brought back under it`);
    }
    throw error;
  }
}
