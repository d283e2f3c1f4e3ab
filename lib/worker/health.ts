// Health checks of running stores. Every tick a worker claims the Ready stores whose last check
// (or, before the first, their becoming Ready) is older than the interval (FOR UPDATE SKIP LOCKED: replicas share them, none checks a store twice),
// checks each (lib/worker/health-probe.ts), and records the result: the store's failures in a row
// and latest problem, and the hour's rollup for the charts. The rules (when a store is Degraded,
// how long rollups are kept) are lib/stores/health.ts's; crossing into or out of Degraded is
// written on the store's timeline as a `health` step.
import { db } from "@/lib/db/client";
import { DEGRADED_AFTER_FAILURES, HEALTH_RETENTION_DAYS, hourOf } from "@/lib/stores/health";
import type { Logger } from "./log";
import type { Metrics } from "./metrics";
import type { ProbeResult } from "./health-probe";

export interface HealthCheckerDeps {
  intervalSeconds: number;
  /** The store's public URL. */
  urlOf: (slug: string) => string;
  probe: (url: string) => Promise<ProbeResult>;
  log: Logger;
  metrics?: Metrics;
}

interface DueStore {
  id: string;
  slug: string;
  generation: number;
  healthFailures: number;
}

/** Stores checked at once per tick of one worker. */
const CHECKS_PER_TICK = 8;
const DAY_MS = 86_400_000;

/** Claims the running stores due for a check by stamping them checked now. A store's first check
 * comes one interval after it became Ready: the router may take a moment to route to a new pod,
 * and its own probes just passed. */
function claimDue(intervalSeconds: number): Promise<DueStore[]> {
  return db().$queryRaw<DueStore[]>`
    UPDATE "Store" SET "healthCheckedAt" = now()
    WHERE id IN (
      SELECT id FROM "Store"
      WHERE "deletedAt" IS NULL AND phase = 'Ready' AND "desiredState" = 'present'
        AND COALESCE("healthCheckedAt", "readyAt", "createdAt") < now() - make_interval(secs => ${intervalSeconds})
      ORDER BY COALESCE("healthCheckedAt", "readyAt", "createdAt") ASC
      LIMIT ${CHECKS_PER_TICK}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, slug, generation, "healthFailures"`;
}

async function record(store: DueStore, result: ProbeResult, now: Date): Promise<number> {
  const failed = result.ok ? 0 : 1;
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "StoreHealthHour" ("storeId", hour, checks, failures, "responseMsSum")
      VALUES (${store.id}, ${hourOf(now)}, 1, ${failed}, ${result.responseMs})
      ON CONFLICT ("storeId", hour) DO UPDATE SET
        checks = "StoreHealthHour".checks + 1,
        failures = "StoreHealthHour".failures + EXCLUDED.failures,
        "responseMsSum" = "StoreHealthHour"."responseMsSum" + EXCLUDED."responseMsSum"`;
    const updated = await tx.store.update({
      where: { id: store.id },
      data: result.ok ? { healthFailures: 0, healthMessage: null } : { healthFailures: { increment: 1 }, healthMessage: result.problem },
      select: { healthFailures: true },
    });
    const event = (state: "failed" | "succeeded", message: string) =>
      tx.storeEvent.create({ data: { storeId: store.id, generation: store.generation, step: "health", state, message, startedAt: now, finishedAt: now } });
    if (updated.healthFailures === DEGRADED_AFTER_FAILURES) await event("failed", `Degraded: ${result.problem} (${DEGRADED_AFTER_FAILURES} checks in a row)`);
    if (result.ok && store.healthFailures >= DEGRADED_AFTER_FAILURES) await event("succeeded", "Healthy again: the storefront and the Store API answer");
    return updated.healthFailures;
  });
}

export class HealthChecker {
  private lastPrune = 0;

  constructor(private readonly d: HealthCheckerDeps) {}

  /** Checks the stores that are due, then drops rollups past their retention once an hour. */
  async tick(): Promise<void> {
    const due = await claimDue(this.d.intervalSeconds);
    await Promise.all(due.map((store) => this.check(store)));
    if (Date.now() - this.lastPrune > DAY_MS / 24) {
      this.lastPrune = Date.now();
      await db().storeHealthHour.deleteMany({ where: { hour: { lt: new Date(Date.now() - HEALTH_RETENTION_DAYS * DAY_MS) } } });
    }
  }

  private async check(store: DueStore): Promise<void> {
    const result = await this.d.probe(this.d.urlOf(store.slug));
    const failures = await record(store, result, new Date());
    this.d.metrics?.healthChecks.inc({ result: result.ok ? "passed" : "failed" });
    if (!result.ok) this.d.log.warn("health check failed", { storeId: store.id, slug: store.slug, problem: result.problem, inARow: failures });
  }
}
