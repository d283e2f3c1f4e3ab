// Cloning a store from one of its backups, as the portal asks for it: a new store of the caller's
// (the create rules apply: name, hold, quota, rate, Idempotency-Key), seeded with the backup. The
// worker provisions it around a restore (lib/worker/handlers.ts, "restore"): the release comes up
// with WordPress stopped, the restore Job reads the source store's objects into the new volumes,
// then WordPress starts and its bootstrap rewrites the source's URL to the clone's.
import { env } from "@/lib/config/env";
import type { ActorContext } from "@/lib/audit/log";
import { ConflictError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { cloneStoreSchema } from "@/lib/stores/schemas";
import { cloneSizeRefusal } from "@/lib/stores/storage";
import { findManageable, insertStore, type CreateResult } from "@/lib/stores/service";
import { backupsEnabled } from "./config";
import { backupLabel, restorableBackup } from "./restore";

export async function cloneStore(storeId: string, backupId: string, input: unknown, ctx: ActorContext, options: { idempotencyKey?: string } = {}): Promise<CreateResult> {
  const config = env();
  const data = parseInput(cloneStoreSchema(config.STORE_SIZES), input);
  const source = await findManageable(ctx.actor, storeId);
  const backup = await restorableBackup(storeId, backupId);
  if (!backupsEnabled(config)) throw new ConflictError("Backups are not configured on this platform (BACKUP_S3_ENDPOINT)");
  const size = data.size ?? source.size;
  const refusal = cloneSizeRefusal(source, size, config.STORE_SIZES);
  if (refusal) throw new ValidationError(refusal, { size: [refusal] });
  return insertStore({ name: data.name, displayName: data.displayName, size, sampleProducts: false }, ctx, {
    idempotencyKey: options.idempotencyKey,
    seed: { backupId: backup.id, message: `Restoring ${backupLabel(backup)} of ${source.slug}`, details: { sourceStoreId: source.id, backupId: backup.id } },
  });
}
