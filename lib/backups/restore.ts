// Restoring a backup into its store, as the portal asks for it: check who asks, that the store
// runs and that the backup is this store's and whole, then record the intent (the store's
// restoreBackupId, a new generation, the `restore` step on its timeline) and leave the rest to
// the worker (lib/worker/handlers.ts, "restore"): WordPress stops, the restore Job replaces the
// database and wp-content, WordPress starts again.
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { planAction, isAllowed } from "@/lib/stores/lifecycle";
import { notifyStoreChanged } from "@/lib/stores/notify";
import { findManageable } from "@/lib/stores/service";
import { storeRowSelect, toStoreView, type StoreView } from "@/lib/stores/views";
import { RECORD_ID } from "@/lib/validation";
import { formatBytes } from "./views";

/** Why this backup cannot be restored (into its store or a clone), or null. */
function backupRefusal(backup: { state: string; expiredAt: Date | null }): string | null {
  if (backup.state !== "succeeded") return "Only a backup that succeeded can be restored";
  if (backup.expiredAt) return "This backup's files were deleted by retention";
  return null;
}

/** The store's backup that may be restored: not found (404) or refused (409) otherwise. */
export async function restorableBackup(storeId: string, backupId: string) {
  const backup = RECORD_ID.test(backupId) ? await db().backup.findFirst({ where: { id: backupId, storeId } }) : null;
  if (!backup) throw new NotFoundError("Backup not found");
  const refusal = backupRefusal(backup);
  if (refusal) throw new ConflictError(refusal);
  return backup as typeof backup & { finishedAt: Date };
}

/** "the backup of 2026-11-30 04:12 UTC, 28.7 MB": how the timeline names the backup restored. */
export function backupLabel(backup: { finishedAt: Date; sizeBytes: bigint | null }): string {
  const taken = backup.finishedAt.toISOString().replace("T", " ").slice(0, 16);
  const size = backup.sizeBytes === null ? "" : `, ${formatBytes(Number(backup.sizeBytes))}`;
  return `the backup of ${taken} UTC${size}`;
}

export async function restoreStore(storeId: string, backupId: string, ctx: ActorContext): Promise<StoreView> {
  const store = await findManageable(ctx.actor, storeId);
  const backup = await restorableBackup(storeId, backupId);
  if (store.restoreBackupId) throw new ConflictError("A restore of this store is already under way");
  const plan = planAction("restore", store);
  if (!isAllowed("restore", store)) throw new ConflictError(plan.refusal);
  const row = await db().$transaction(async (tx) => {
    const { count } = await tx.store.updateMany({
      where: { id: storeId, deletedAt: null, restoreBackupId: null, ...plan.where },
      data: { restoreBackupId: backup.id, statusMessage: plan.message, generation: { increment: 1 }, failureCount: 0, nextReconcileAt: new Date() },
    });
    if (count === 0) throw new ConflictError(plan.refusal);
    const updated = await tx.store.findUniqueOrThrow({ where: { id: storeId }, select: storeRowSelect });
    await tx.storeEvent.create({ data: { storeId, generation: updated.generation, step: "restore", state: "running", message: `Restoring ${backupLabel(backup)}` } });
    await recordAudit(ctx, { action: "store.restore", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, backupId: backup.id } }, tx);
    return updated;
  });
  await notifyStoreChanged(storeId);
  return toStoreView(row, env());
}
