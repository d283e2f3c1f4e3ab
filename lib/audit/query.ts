// Reading the audit log: admins see every entry; members see their own actions and everything
// that happened to their stores.
import { z } from "zod";
import { db } from "@/lib/db/client";
import { isAdmin, type Actor } from "@/lib/auth/roles";
import { pageSchema, parseInput, recordIdSchema } from "@/lib/validation";
import type { Prisma } from "@/lib/generated/prisma/client";

export const auditQuerySchema = z.object({
  storeId: recordIdSchema.optional(),
  page: pageSchema,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditEntryViewSchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    storeId: z.string().nullable(),
    details: z.unknown(),
    sourceIp: z.string().nullable(),
    via: z.string(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export async function listAudit(actor: Actor, query: unknown = {}): Promise<{ items: AuditEntryView[]; total: number; page: number; pageSize: number }> {
  const q = parseInput(auditQuerySchema, query);
  const visible: Prisma.AuditLogWhereInput = isAdmin(actor)
    ? {}
    : { OR: [{ actorId: actor.id }, { storeId: { in: (await db().store.findMany({ where: { ownerId: actor.id }, select: { id: true } })).map((s) => s.id) } }] };
  const where: Prisma.AuditLogWhereInput = { AND: [visible, q.storeId ? { storeId: q.storeId } : {}] };
  const [rows, total] = await Promise.all([
    db().auditLog.findMany({ where, orderBy: { createdAt: "desc" }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    db().auditLog.count({ where }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      actorEmail: r.actorEmail,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      storeId: r.storeId,
      details: r.details,
      sourceIp: r.sourceIp,
      via: r.via,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
