// The lease protocol in PostgreSQL. A worker owns a store while leaseOwner = its id and
// leaseExpiresAt is in the future; every write it makes is fenced on leaseOwner, so a worker
// that lost its lease (paused, partitioned) can never overwrite the new owner's work.
// Lease times use the database clock so that replicas with skewed clocks still agree.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export class LeaseLostError extends Error {
  constructor(storeId: string) {
    super(`lease on store ${storeId} was lost`);
    this.name = "LeaseLostError";
  }
}

// A store needs work when its intent changed, or its phase is not the settled phase of its
// desired state. Settled stores (Ready, Suspended) are still claimed when nextReconcileAt comes
// round, which is the periodic resync that catches drift. A Failed store whose generation was
// observed stays put until the portal bumps the generation (a retry or a new request).
const NEEDS_WORK = `("generation" <> "observedGeneration"
  OR NOT (("phase" = 'Ready' AND "desiredState" = 'present')
       OR ("phase" = 'Suspended' AND "desiredState" = 'suspended')
       OR "phase" = 'Failed'))`;
const CLAIMABLE = `"deletedAt" IS NULL AND NOT ("phase" = 'Failed' AND "generation" = "observedGeneration")`;

export interface Claimed {
  id: string;
  generation: number;
}

export async function claimStores(owner: string, leaseSeconds: number, limit: number): Promise<Claimed[]> {
  if (limit <= 0) return [];
  return db().$queryRawUnsafe<Claimed[]>(
    `UPDATE "Store" SET "leaseOwner" = $1, "leaseExpiresAt" = now() + make_interval(secs => $2)
     WHERE id IN (
       SELECT id FROM "Store"
       WHERE ${CLAIMABLE} AND "nextReconcileAt" <= now()
         AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < now())
       ORDER BY "nextReconcileAt"
       FOR UPDATE SKIP LOCKED
       LIMIT $3)
     RETURNING id, generation`,
    owner,
    leaseSeconds,
    limit,
  );
}

/** Extends the lease; null when it is no longer ours. Returns the current generation. */
export async function renewLease(storeId: string, owner: string, leaseSeconds: number): Promise<{ generation: number } | null> {
  const rows = await db().$queryRawUnsafe<{ generation: number }[]>(
    `UPDATE "Store" SET "leaseExpiresAt" = now() + make_interval(secs => $3)
     WHERE id = $1 AND "leaseOwner" = $2 RETURNING generation`,
    storeId,
    owner,
    leaseSeconds,
  );
  return rows[0] ?? null;
}

/**
 * Gives the store back, due again after requeueMs. If the generation moved on while we worked
 * (the owner asked for something new), it is due at once whatever the pass decided.
 */
export async function releaseLease(storeId: string, owner: string, workedGeneration: number, requeueMs: number): Promise<void> {
  await db().$executeRawUnsafe(
    `UPDATE "Store" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL,
       "nextReconcileAt" = CASE WHEN "generation" <> $3 THEN now() ELSE now() + make_interval(secs => $4::float8 / 1000) END
     WHERE id = $1 AND "leaseOwner" = $2`,
    storeId,
    owner,
    workedGeneration,
    requeueMs,
  );
}

/** Releases every lease of this worker (shutdown): others may take the stores at once. */
export async function releaseAll(owner: string): Promise<number> {
  return db().$executeRawUnsafe(`UPDATE "Store" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "leaseOwner" = $1`, owner);
}

/** A status write fenced on the lease. */
export async function updateOwned(storeId: string, owner: string, data: Prisma.StoreUpdateManyMutationInput): Promise<void> {
  const { count } = await db().store.updateMany({ where: { id: storeId, leaseOwner: owner }, data });
  if (count === 0) throw new LeaseLostError(storeId);
}

/** Stores needing work now or later (the queue depth metric). */
export async function queueDepth(): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Store" WHERE "deletedAt" IS NULL AND ${NEEDS_WORK}`);
  return Number(rows[0]?.n ?? 0);
}
