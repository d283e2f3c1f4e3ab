// Helpers for tests that use the fresh database made by database.global.ts.
import { db } from "@/lib/db/client";

/** Empties every platform table between tests, keeping the schema. */
export async function resetDatabase(): Promise<void> {
  await db().$executeRawUnsafe(
    `TRUNCATE "User", "Store", "StoreEvent", "Backup", "AuditLog", "ApiToken", "IdempotencyRecord", "WorkerHeartbeat", "RateLimitCounter", "Rollout", "FleetVersion" CASCADE`,
  );
}

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${counter}@example.test`;
}
