// Which API tokens still work: not revoked and not expired. Shared by the token service and the
// user list, so "active" means one thing everywhere.
import type { Prisma } from "@/lib/generated/prisma/client";

export function liveTokenWhere(now = new Date()): Prisma.ApiTokenWhereInput {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}
