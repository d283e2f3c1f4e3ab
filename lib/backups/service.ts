// Backups as the portal sees them: record that one is wanted, check who may ask, and leave the
// work to the provisioning worker (lib/worker/backups.ts), which polls for requested backups.
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import type { Actor } from "@/lib/auth/roles";
import { ConflictError } from "@/lib/errors";
import { findManageable } from "@/lib/stores/service";
import { backupsEnabled } from "./config";
import { toBackupView, type BackupView } from "./views";

/** How many of a store's backups its page and the API list, newest first. */
const LISTED_BACKUPS = 50;

/** The one active-backup rule: the partial unique index "Backup_one_active_per_store". */
const isSecondActiveBackup = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** A store can be backed up while it runs: its database must answer and its volume be mounted. */
function backupRefusal(store: { phase: string; desiredState: string }): string | null {
  if (!backupsEnabled(env())) return "Backups are not configured on this platform (BACKUP_S3_ENDPOINT)";
  if (store.desiredState !== "present" || store.phase !== "Ready") return `Only a running store can be backed up; this one is ${store.phase}`;
  return null;
}

export async function listBackups(actor: Actor, storeId: string): Promise<BackupView[]> {
  await findManageable(actor, storeId);
  const rows = await db().backup.findMany({ where: { storeId }, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], take: LISTED_BACKUPS });
  return rows.map(toBackupView);
}

/** Queues a manual backup of a running store (owner or admin). */
export async function requestBackup(storeId: string, ctx: ActorContext): Promise<BackupView> {
  const store = await findManageable(ctx.actor, storeId);
  const refusal = backupRefusal(store);
  if (refusal) throw new ConflictError(refusal);
  try {
    return await db().$transaction(async (tx) => {
      const backup = await createBackupRow(tx, store, "manual", ctx.actor.id);
      await recordAudit(ctx, { action: "store.backup", targetType: "store", targetId: storeId, storeId, details: { slug: store.slug, backupId: backup.id } }, tx);
      return toBackupView(backup);
    });
  } catch (error) {
    if (isSecondActiveBackup(error)) throw new ConflictError("A backup of this store is already queued or running");
    throw error;
  }
}

async function createBackupRow(tx: Prisma.TransactionClient, store: { id: string }, kind: "manual" | "final", requestedById: string | null) {
  return tx.backup.create({ data: { storeId: store.id, kind, requestedById } });
}
