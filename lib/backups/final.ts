// The last backup of a store, queued in the same transaction as its deletion, so what the owner
// had is kept in the object store after the namespace and its volumes are gone. The worker's
// delete pass waits for it (lib/worker/decide.ts, "wait-backup").
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/config/env";
import { backupsEnabled } from "./config";

/** Queues the final backup of a store being deleted while it runs. A backup already queued or
 * running (the one-active index) serves as the final one: nothing is added then. */
export async function queueFinalBackup(tx: Prisma.TransactionClient, store: { id: string; phase: string }): Promise<void> {
  if (!backupsEnabled(env()) || store.phase !== "Ready") return;
  await tx.backup.createMany({ data: [{ storeId: store.id, kind: "final" }], skipDuplicates: true });
}
