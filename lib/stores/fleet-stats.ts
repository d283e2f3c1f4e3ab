// The fleet at a glance for the admin status page: live stores per day over 30 days, how long new
// stores took to become Ready (from their timelines), why stores are Failed now, and failed steps
// per day. The SQL reads; the bucketing is pure and unit-tested.
import { db } from "@/lib/db/client";

const DAY_MS = 86_400_000;
const FLEET_DAYS = 30;

/** Provisioning-time bins, in minutes: "< 2 min", "2-4 min", ... , "≥ 30 min". */
export const PROVISIONING_BINS_MINUTES = [2, 4, 8, 15, 30] as const;

export interface CountPoint {
  label: string;
  value: number;
}

export interface FleetStats {
  liveByDay: CountPoint[];
  provisioning: { bins: CountPoint[]; medianSeconds: number | null; count: number };
  failedByReason: CountPoint[];
  failedStepsByDay: CountPoint[];
}

/** Counts of durations per bin, and their median. */
export function provisioningHistogram(seconds: number[]): FleetStats["provisioning"] {
  const edges = PROVISIONING_BINS_MINUTES.map((m) => m * 60);
  const labels = [`< ${PROVISIONING_BINS_MINUTES[0]} min`, ...PROVISIONING_BINS_MINUTES.slice(1).map((m, i) => `${PROVISIONING_BINS_MINUTES[i]}-${m} min`), `≥ ${PROVISIONING_BINS_MINUTES.at(-1)} min`];
  const counts = labels.map(() => 0);
  for (const s of seconds) {
    const bin = edges.findIndex((edge) => s < edge);
    counts[bin === -1 ? counts.length - 1 : bin]!++;
  }
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { bins: labels.map((label, i) => ({ label, value: counts[i]! })), medianSeconds: median === null ? null : Math.round(median), count: seconds.length };
}

/** One point per UTC day of the last `days` (oldest first), zero where `counts` has none. */
export function perDay(counts: { day: Date; n: number }[], now: Date, days = FLEET_DAYS): CountPoint[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => {
    const day = today - (days - 1 - i) * DAY_MS;
    return { label: new Date(day).toISOString().slice(5, 10), value: counts.find((c) => c.day.getTime() === day)?.n ?? 0 };
  });
}

export async function fleetStats(now = new Date()): Promise<FleetStats> {
  const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (FLEET_DAYS - 1) * DAY_MS);
  const [live, ready, failed, failedSteps] = await Promise.all([
    // A store is live on a day when it existed at the day's end and was not yet deleted.
    db().$queryRaw<{ day: Date; n: number }[]>`
      SELECT d.day, (SELECT count(*)::int FROM "Store" s WHERE s."createdAt" < d.day + interval '1 day' AND (s."deletedAt" IS NULL OR s."deletedAt" >= d.day + interval '1 day')) AS n
      FROM generate_series(${since}::timestamp, ${now}::timestamp, interval '1 day') AS d(day)`,
    db().$queryRaw<{ seconds: number }[]>`
      SELECT EXTRACT(EPOCH FROM (e."finishedAt" - s."createdAt"))::float8 AS seconds
      FROM "StoreEvent" e JOIN "Store" s ON s.id = e."storeId"
      WHERE e.step = 'ready' AND e.state = 'succeeded' AND e.generation = 1 AND e."finishedAt" >= ${since}`,
    db().store.groupBy({ by: ["failureReason"], where: { phase: "Failed", deletedAt: null }, _count: { _all: true } }),
    db().$queryRaw<{ day: Date; n: number }[]>`
      SELECT date_trunc('day', "finishedAt") AS day, count(*)::int AS n FROM "StoreEvent"
      WHERE state = 'failed' AND "finishedAt" >= ${since} GROUP BY 1`,
  ]);
  return {
    liveByDay: perDay(live, now),
    provisioning: provisioningHistogram(ready.map((r) => r.seconds)),
    failedByReason: failed.map((f) => ({ label: f.failureReason ?? "unknown", value: f._count._all })).sort((a, b) => b.value - a.value),
    failedStepsByDay: perDay(failedSteps, now),
  };
}
