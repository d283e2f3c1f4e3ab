// Fixed-window counters in PostgreSQL, so every portal replica sees the same counts. A window
// starts at a multiple of its length; a counter row is removed once its window has passed.
import { db } from "@/lib/db/client";
import { RateLimitedError } from "@/lib/errors";

export interface RateLimit {
  /** What is counted, e.g. "sign-in:ip:192.0.2.1". */
  key: string;
  limit: number;
  windowSeconds: number;
}

interface Window {
  start: Date;
  end: Date;
}

function windowOf(limit: RateLimit, now: number): Window {
  const length = limit.windowSeconds * 1000;
  const start = Math.floor(now / length) * length;
  return { start: new Date(start), end: new Date(start + length) };
}

function secondsUntil(end: Date, now: number): number {
  return Math.max(1, Math.ceil((end.getTime() - now) / 1000));
}

/** Counts one more event against the limit; returns the count in the current window. */
async function increment(limit: RateLimit, now: number): Promise<number> {
  const { start, end } = windowOf(limit, now);
  const [row] = await db().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt") VALUES (${limit.key}, ${start}, 1, ${end})
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
    RETURNING "count"`;
  const count = Number(row!.count);
  // A new window's first event also clears the windows that have passed, for every key.
  if (count === 1) await db().$executeRaw`DELETE FROM "RateLimitCounter" WHERE "expiresAt" <= ${new Date(now)}`;
  return count;
}

async function current(limit: RateLimit, now: number): Promise<number> {
  const row = await db().rateLimitCounter.findUnique({ where: { key_windowStart: { key: limit.key, windowStart: windowOf(limit, now).start } }, select: { count: true } });
  return row?.count ?? 0;
}

/** Counts an attempt against every limit; throws RateLimitedError when any is exceeded, with the
 * longest wait among them. */
export async function consume(limits: RateLimit[], message: (retryAfterSeconds: number) => string, now = Date.now()): Promise<void> {
  let retryAfter = 0;
  for (const limit of limits) {
    if ((await increment(limit, now)) > limit.limit) retryAfter = Math.max(retryAfter, secondsUntil(windowOf(limit, now).end, now));
  }
  if (retryAfter) throw new RateLimitedError(message(retryAfter), retryAfter);
}

/** Throws RateLimitedError when the limit is already used up, without counting anything. */
export async function assertNotExhausted(limit: RateLimit, message: (retryAfterSeconds: number) => string, now = Date.now()): Promise<void> {
  if ((await current(limit, now)) >= limit.limit) {
    const retryAfter = secondsUntil(windowOf(limit, now).end, now);
    throw new RateLimitedError(message(retryAfter), retryAfter);
  }
}

/** Counts one event without checking (e.g. a failed sign-in, checked on the next attempt). */
export async function record(limit: RateLimit, now = Date.now()): Promise<void> {
  await increment(limit, now);
}
