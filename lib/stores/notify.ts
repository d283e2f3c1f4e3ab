// Wakes the provisioning workers after the portal records a change: they LISTEN on this channel
// (and poll as a fallback, so a lost notification only delays the work).
import { db } from "@/lib/db/client";

export const STORE_CHANGES_CHANNEL = "store_changes";

export async function notifyStoreChanged(storeId: string): Promise<void> {
  await db().$executeRaw`SELECT pg_notify(${STORE_CHANGES_CHANNEL}, ${storeId})`;
}
