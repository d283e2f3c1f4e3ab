// The health rules of a running store, in one place: when a store is Degraded, what uptime means,
// and how check results are bucketed for the charts. The worker (lib/worker/health.ts), the store's
// conditions (lib/stores/lifecycle.ts) and the health API read them from here. Pure.

/** Failed checks in a row after which a store is Degraded (a condition; its phase stays). */
export const DEGRADED_AFTER_FAILURES = 3;
/** How long hourly results are kept. */
export const HEALTH_RETENTION_DAYS = 31;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export function isDegraded(s: { healthFailures: number }): boolean {
  return s.healthFailures >= DEGRADED_AFTER_FAILURES;
}

/** The start of the UTC hour `date` falls in: the key of its rollup. */
export function hourOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

export interface HealthHour {
  hour: Date;
  checks: number;
  failures: number;
  responseMsSum: number;
}

export interface HealthBucket {
  start: string;
  checks: number;
  /** Percent of checks that passed; null without checks. */
  uptime: number | null;
  /** Mean storefront response time; null without checks. */
  meanResponseMs: number | null;
}

/** Percent of passed checks, one decimal; null without checks. */
export function uptimeOf(rows: Pick<HealthHour, "checks" | "failures">[]): number | null {
  const checks = rows.reduce((n, r) => n + r.checks, 0);
  if (checks === 0) return null;
  const failures = rows.reduce((n, r) => n + r.failures, 0);
  return Math.round(((checks - failures) / checks) * 1000) / 10;
}

function bucket(start: Date, rows: HealthHour[]): HealthBucket {
  const checks = rows.reduce((n, r) => n + r.checks, 0);
  const ms = rows.reduce((n, r) => n + r.responseMsSum, 0);
  return { start: start.toISOString(), checks, uptime: uptimeOf(rows), meanResponseMs: checks ? Math.round(ms / checks) : null };
}

/** `count` buckets of `sizeMs` ending with the one that holds `now`, oldest first, empty ones included. */
function buckets(rows: HealthHour[], now: Date, sizeMs: number, count: number): HealthBucket[] {
  const last = Math.floor(now.getTime() / sizeMs) * sizeMs;
  return Array.from({ length: count }, (_, i) => {
    const start = last - (count - 1 - i) * sizeMs;
    return bucket(new Date(start), rows.filter((r) => r.hour.getTime() >= start && r.hour.getTime() < start + sizeMs));
  });
}

export interface HealthSummary {
  uptime24h: number | null;
  uptime30d: number | null;
  /** The last 24 hours, hour by hour. */
  hours: HealthBucket[];
  /** The last 30 days, day by day (UTC). */
  days: HealthBucket[];
}

export function summarizeHealth(rows: HealthHour[], now: Date): HealthSummary {
  const since = (ms: number) => rows.filter((r) => r.hour.getTime() > now.getTime() - ms);
  return {
    uptime24h: uptimeOf(since(DAY_MS)),
    uptime30d: uptimeOf(since(30 * DAY_MS)),
    hours: buckets(rows, now, HOUR_MS, 24),
    days: buckets(rows, now, DAY_MS, 30),
  };
}
