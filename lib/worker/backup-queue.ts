// The backup queue in PostgreSQL, as the worker's backup runner uses it: scheduled backups
// queued, active backups claimed under a short lease (so replicas never drive one backup twice),
// results written, and the count a store's delete waits on.
import { db } from "@/lib/db/client";
import type { Backup } from "@/lib/generated/prisma/client";

export interface ClaimedBackup extends Backup {
  store: { id: string; slug: string; displayName: string; size: string; volumeStorage: string | null; sampleProducts: boolean; versionId: string | null; phase: string; desiredState: string; generation: number; owner: { email: string } };
}

/** Backups queued or running for a store (its delete waits for them). */
export function backupsInFlight(storeId: string): Promise<number> {
  return db().backup.count({ where: { storeId, state: { in: ["requested", "running"] } } });
}

/** Queues a scheduled backup of every running store whose last one (or, for none yet, whose
 * readiness) is an interval old. Two replicas may both see a store due: the one-active index
 * lets only one row in. */
export async function queueScheduledBackups(intervalHours: number): Promise<number> {
  const due = await db().$queryRaw<{ id: string }[]>`
    SELECT s.id FROM "Store" s
    WHERE s.phase = 'Ready' AND s."desiredState" = 'present' AND s."deletedAt" IS NULL
      AND COALESCE((SELECT max(b."requestedAt") FROM "Backup" b WHERE b."storeId" = s.id AND b.kind = 'scheduled'), s."readyAt")
          <= now() - make_interval(secs => ${intervalHours * 3600})`;
  if (due.length === 0) return 0;
  const { count } = await db().backup.createMany({ data: due.map((s) => ({ storeId: s.id, kind: "scheduled" as const })), skipDuplicates: true });
  return count;
}

/** Takes up to `limit` active backups nobody holds, oldest first. */
export async function claimBackups(workerId: string, leaseSeconds: number, limit: number): Promise<ClaimedBackup[]> {
  const ids = await db().$queryRaw<{ id: string }[]>`
    UPDATE "Backup" SET "leaseOwner" = ${workerId}, "leaseExpiresAt" = now() + make_interval(secs => ${leaseSeconds})
    WHERE id IN (
      SELECT id FROM "Backup"
      WHERE state IN ('requested', 'running') AND ("leaseOwner" IS NULL OR "leaseExpiresAt" < now())
      ORDER BY "requestedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  if (ids.length === 0) return [];
  return db().backup.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    include: { store: { select: { id: true, slug: true, displayName: true, size: true, volumeStorage: true, sampleProducts: true, versionId: true, phase: true, desiredState: true, generation: true, owner: { select: { email: true } } } } },
    orderBy: { requestedAt: "asc" },
  });
}

/** Hands a backup back after one step; only its holder can. */
export async function releaseBackup(id: string, workerId: string): Promise<void> {
  await db().backup.updateMany({ where: { id, leaseOwner: workerId }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

/** The slug of the store a backup was made of: its objects live under that store's prefix, also
 * when it is restored into another store (a clone). */
export async function backupStoreSlug(backupId: string): Promise<string> {
  const backup = await db().backup.findUniqueOrThrow({ where: { id: backupId }, select: { store: { select: { slug: true } } } });
  return backup.store.slug;
}
