// A store's health as its owner and admins see it: the latest check, whether it is Degraded, and
// uptime and response times over 24 hours and 30 days, from the worker's hourly rollups.
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { findManageable } from "@/lib/stores/service";
import { HEALTH_RETENTION_DAYS, isDegraded, summarizeHealth } from "@/lib/stores/health";

const bucketSchema = z.object({
  start: z.iso.datetime(),
  checks: z.number().int(),
  uptime: z.number().nullable().meta({ description: "Percent of checks passed; null without checks" }),
  meanResponseMs: z.number().int().nullable().meta({ description: "Mean storefront response time; null without checks" }),
});

export const storeHealthViewSchema = z
  .object({
    checkedAt: z.iso.datetime().nullable(),
    degraded: z.boolean().meta({ description: "Failing its health checks three times in a row or more" }),
    failuresInARow: z.number().int(),
    problem: z.string().nullable().meta({ description: "Why the latest check failed" }),
    uptime24h: z.number().nullable(),
    uptime30d: z.number().nullable(),
    hours: z.array(bucketSchema).meta({ description: "The last 24 hours, oldest first" }),
    days: z.array(bucketSchema).meta({ description: "The last 30 days (UTC), oldest first" }),
  })
  .meta({ id: "StoreHealth" });
export type StoreHealthView = z.infer<typeof storeHealthViewSchema>;

export async function storeHealth(actor: Actor, storeId: string): Promise<StoreHealthView> {
  const store = await findManageable(actor, storeId);
  const now = new Date();
  const rows = await db().storeHealthHour.findMany({ where: { storeId, hour: { gte: new Date(now.getTime() - HEALTH_RETENTION_DAYS * 86_400_000) } } });
  return {
    checkedAt: store.healthCheckedAt?.toISOString() ?? null,
    degraded: isDegraded(store),
    failuresInARow: store.healthFailures,
    problem: store.healthMessage,
    ...summarizeHealth(rows, now),
  };
}
