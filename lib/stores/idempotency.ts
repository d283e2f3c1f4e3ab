// Idempotency-Key records of store creation live for a day: long enough for any client retry,
// short enough that the table does not grow without bound. The workers prune expired ones.
import { db } from "@/lib/db/client";

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export function idempotencyCutoff(now = Date.now()): Date {
  return new Date(now - IDEMPOTENCY_TTL_MS);
}

/** Deletes expired records; returns how many. */
export async function pruneExpiredIdempotencyRecords(now = Date.now()): Promise<number> {
  const { count } = await db().idempotencyRecord.deleteMany({ where: { createdAt: { lt: idempotencyCutoff(now) } } });
  return count;
}
