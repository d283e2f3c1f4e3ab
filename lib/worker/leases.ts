// The lease protocol in PostgreSQL. A worker owns a store while leaseOwner = its id and
// leaseExpiresAt is in the future; every write it makes (status and timeline) is fenced on
// leaseOwner, so a worker that lost its lease (paused, partitioned) can never overwrite the new
// owner's work. Lease times use the database clock so that replicas with skewed clocks agree.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { NEEDS_WORK_SQL } from "@/lib/stores/lifecycle";

export class LeaseLostError extends Error {
  constructor(storeId: string) {
    super(`lease on store ${storeId} was lost`);
    this.name = "LeaseLostError";
  }
}

// A Failed store whose request was seen stays put until the portal bumps the generation (see
// lib/stores/lifecycle.ts, needsWork). Settled stores are still claimed when nextReconcileAt comes
// round: a full pass now and then besides the cheap resync of lib/worker/resync.ts.
const CLAIMABLE = `"deletedAt" IS NULL AND NOT ("phase" = 'Failed' AND "generation" = "observedGeneration")`;

export interface Claimed {
  id: string;
  generation: number;
}

/**
 * Stores already under way first (a woken wait is a cheap pass that may settle the store), then
 * new requests, then whatever has been due longest.
 */
export async function claimStores(owner: string, leaseSeconds: number, limit: number): Promise<Claimed[]> {
  if (limit <= 0) return [];
  return db().$queryRawUnsafe<Claimed[]>(
    `UPDATE "Store" SET "leaseOwner" = $1, "leaseExpiresAt" = now() + make_interval(secs => $2)
     WHERE id IN (
       SELECT id FROM "Store"
       WHERE ${CLAIMABLE} AND "nextReconcileAt" <= now()
         AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < now())
       ORDER BY ("progressDeadline" IS NOT NULL) DESC, ("generation" <> "observedGeneration") DESC, "nextReconcileAt"
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
export async function updateOwned(storeId: string, owner: string, data: Prisma.StoreUncheckedUpdateManyInput): Promise<void> {
  const { count } = await db().store.updateMany({ where: { id: storeId, leaseOwner: owner }, data });
  if (count === 0) throw new LeaseLostError(storeId);
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/**
 * Runs writes in one transaction that first locks the store row while it is still ours (FOR
 * SHARE): a claim by another worker waits until they commit, and a lost lease writes nothing.
 */
export async function fenced<T>(storeId: string, owner: string, writes: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    const held = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Store" WHERE id = ${storeId} AND "leaseOwner" = ${owner} FOR SHARE`;
    if (held.length === 0) throw new LeaseLostError(storeId);
    return writes(tx);
  });
}

/**
 * Makes stores due now that wait on the cluster (a wait records its deadline; a store backing off
 * after a failure has none, and keeps its backoff) and that no worker holds: a watch event may
 * have unblocked them. Returns how many were woken.
 */
export async function wakeStores(slugs: string[]): Promise<number> {
  if (slugs.length === 0) return 0;
  return db().$executeRawUnsafe(
    `UPDATE "Store" SET "nextReconcileAt" = now()
     WHERE slug = ANY($1::text[]) AND ${CLAIMABLE} AND ${NEEDS_WORK_SQL} AND "progressDeadline" IS NOT NULL
       AND "leaseOwner" IS NULL AND "nextReconcileAt" > now()`,
    slugs,
  );
}

/** Makes these stores due now (the resync found them out of sync). */
export async function markDue(ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return db().$executeRawUnsafe(
    `UPDATE "Store" SET "nextReconcileAt" = now() WHERE id = ANY($1::text[]) AND "leaseOwner" IS NULL AND "nextReconcileAt" > now()`,
    ids,
  );
}

/** Stores needing work now or later (the queue depth metric). */
export async function queueDepth(): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Store" WHERE "deletedAt" IS NULL AND ${NEEDS_WORK_SQL}`);
  return Number(rows[0]?.n ?? 0);
}
