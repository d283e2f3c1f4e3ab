import "server-only";
// The acting user's store quota as used/allowed. The domain has no read for a member's own
// quota (listUsers is admin-only), so the allowed number is read here, scoped to the actor's
// own row; the used number comes from listStores so it counts exactly what the domain counts.
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { listStores } from "@/lib/stores/service";

export async function quotaUsage(actor: Actor): Promise<{ used: number; allowed: number }> {
  const [own, user] = await Promise.all([
    listStores(actor, { ownerId: actor.id, pageSize: 1 }),
    db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { storeQuota: true } }),
  ]);
  return { used: own.total, allowed: user.storeQuota };
}
