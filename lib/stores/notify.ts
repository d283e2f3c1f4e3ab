// Wakes the provisioning workers after the portal records a store's new intent (create,
// suspend, resume, delete, retry): makes the store due now and notifies every worker that
// LISTENs on the channel. If the notification is lost (no worker listening), the workers' poll
// still finds the store.
import { db } from "@/lib/db/client";

export const STORE_CHANGES_CHANNEL = "store_changes";

export async function notifyStoreChanged(storeId: string): Promise<void> {
  await db().$executeRaw`UPDATE "Store" SET "nextReconcileAt" = now() WHERE id = ${storeId}`;
  await db().$executeRaw`SELECT pg_notify(${STORE_CHANGES_CHANNEL}, ${storeId})`;
}
