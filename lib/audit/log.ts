// The audit log: one row per mutating action and per credential reveal.
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";

/** Where a request came from: recorded with every audit entry. */
export interface RequestContext {
  actor: Actor | null;
  sourceIp: string | null;
  via: "ui" | "api" | "worker" | "system";
}

/** A request made by a signed-in user. */
export type ActorContext = RequestContext & { actor: Actor };

export interface AuditEntry {
  action: string;
  targetType: "user" | "store" | "api_token" | "session" | "rollout";
  targetId?: string | null;
  storeId?: string | null;
  details?: Prisma.InputJsonValue;
}

type Tx = Pick<ReturnType<typeof db>, "auditLog">;

export async function recordAudit(ctx: RequestContext, entry: AuditEntry, tx: Tx = db()): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: ctx.actor?.id ?? null,
      actorEmail: ctx.actor?.email ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      storeId: entry.storeId ?? null,
      details: entry.details ?? {},
      sourceIp: ctx.sourceIp,
      via: ctx.via,
    },
  });
}
