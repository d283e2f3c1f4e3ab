// The worker loop: claims due stores under leases, runs up to `concurrency` reconcile passes at
// once, renews each lease while its pass runs, and wakes early on NOTIFY store_changes.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db/client";
import { claimStores, releaseAll, releaseLease, renewLease } from "./leases";
import type { Logger } from "./log";
import type { Metrics } from "./metrics";
import { STORE_CHANGES_CHANNEL } from "@/lib/stores/notify";
import { pruneExpiredIdempotencyRecords } from "@/lib/stores/idempotency";
import { reconcileStore, type ReconcileDeps } from "./reconcile";

export interface WorkerOptions {
  databaseUrl: string;
  concurrency: number;
  leaseSeconds: number;
  /** Poll fallback when no notification arrives. */
  pollMs: number;
  /** Phase gauge / queue depth refresh period (the store-level resync is nextReconcileAt). */
  resyncMs: number;
  heartbeatMs: number;
  /** How long running passes may finish after SIGTERM before they are cut short. */
  shutdownGraceMs: number;
  deps: Omit<ReconcileDeps, "workerId" | "log" | "onFailure">;
  log: Logger;
  metrics?: Metrics;
}

export function workerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export class Worker {
  readonly id = workerId();
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void>; generation: number }>();
  private stopping = false;
  private wake: (() => void) | null = null;
  private listener: pg.Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private loopDone: Promise<void> | null = null;
  private readonly log: Logger;

  constructor(private readonly o: WorkerOptions) {
    this.log = o.log.child({ worker: this.id });
  }

  async start(): Promise<void> {
    this.log.info("worker starting", { concurrency: this.o.concurrency, leaseSeconds: this.o.leaseSeconds });
    await this.heartbeat();
    await this.connectListener();
    this.timers.push(setInterval(() => void this.heartbeat(), this.o.heartbeatMs));
    this.timers.push(setInterval(() => void this.o.metrics?.refresh().catch((e) => this.log.warn("metrics refresh failed", { error: e })), this.o.resyncMs));
    void this.o.metrics?.refresh().catch(() => {});
    // Housekeeping rides on the resync period; any replica may do it, the delete is idempotent.
    this.timers.push(setInterval(() => void pruneExpiredIdempotencyRecords().catch((e) => this.log.warn("idempotency pruning failed", { error: e })), this.o.resyncMs));
    this.loopDone = this.loop();
  }

  /** Stop claiming; let passes finish within the grace period; give every lease back. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.kick();
    this.log.info("worker stopping", { active: this.active.size });
    await this.loopDone;
    const all = Promise.all([...this.active.values()].map((j) => j.done));
    const grace = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), this.o.shutdownGraceMs));
    if ((await Promise.race([all, grace])) === "timeout") {
      this.log.warn("grace period over; interrupting running passes", { active: this.active.size });
      for (const j of this.active.values()) j.abort.abort();
      await Promise.race([all, new Promise((r) => setTimeout(r, 5_000))]);
    }
    for (const t of this.timers) clearInterval(t);
    const released = await releaseAll(this.id).catch(() => 0);
    await db().workerHeartbeat.delete({ where: { id: this.id } }).catch(() => {});
    await this.listener?.end().catch(() => {});
    this.log.info("worker stopped", { releasedLeases: released });
  }

  private kick() {
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        const free = this.o.concurrency - this.active.size;
        const claimed = await claimStores(this.id, this.o.leaseSeconds, free);
        for (const c of claimed) this.run(c.id, c.generation);
      } catch (error) {
        this.log.error("claim failed", { error });
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private run(storeId: string, generation: number): void {
    const abort = new AbortController();
    const log = this.log.child({ storeId });
    const started = Date.now();
    this.o.metrics?.active.inc();
    // Renew at a third of the lease so two missed renewals still leave it ours. A renewal that
    // finds the lease gone, or a new generation (the owner changed their mind), stops the pass.
    const renew = setInterval(async () => {
      try {
        const r = await renewLease(storeId, this.id, this.o.leaseSeconds);
        if (!r) {
          log.warn("lease lost");
          abort.abort();
        } else if (r.generation !== generation) {
          log.info("store changed while working; restarting the pass", { newGeneration: r.generation });
          abort.abort();
        }
      } catch (error) {
        log.warn("lease renewal failed", { error });
      }
    }, (this.o.leaseSeconds * 1000) / 3);

    log.info("reconcile start", { generation, startedAt: started });
    const done = (async () => {
      let requeueMs = 5_000;
      let outcome = "error";
      try {
        const r = await reconcileStore(
          { ...this.o.deps, workerId: this.id, log: this.log, onFailure: (reason) => this.o.metrics?.failures.inc({ reason }) },
          storeId,
          abort.signal,
        );
        requeueMs = r.requeueMs;
        outcome = r.outcome;
      } catch (error) {
        // A bug or a database outage: never let one store take the worker down.
        log.error("reconcile crashed", { error });
      } finally {
        clearInterval(renew);
        await releaseLease(storeId, this.id, generation, requeueMs).catch((error) => log.error("lease release failed", { error }));
        const seconds = (Date.now() - started) / 1000;
        this.o.metrics?.duration.observe({ outcome }, seconds);
        this.o.metrics?.active.dec();
        log.info("reconcile end", { outcome, generation, startedAt: started, endedAt: Date.now(), requeueMs });
        this.active.delete(storeId);
        this.kick();
      }
    })();
    this.active.set(storeId, { abort, done, generation });
  }

  private async heartbeat(): Promise<void> {
    try {
      await db().workerHeartbeat.upsert({
        where: { id: this.id },
        create: { id: this.id, hostname: hostname(), activeCount: this.active.size },
        update: { lastSeenAt: new Date(), activeCount: this.active.size },
      });
    } catch (error) {
      this.log.warn("heartbeat failed", { error });
    }
  }

  private async connectListener(): Promise<void> {
    if (this.stopping) return;
    const client = new pg.Client({ connectionString: this.o.databaseUrl });
    const retry = () => {
      client.removeAllListeners();
      client.end().catch(() => {});
      if (this.listener === client) this.listener = null;
      if (!this.stopping) setTimeout(() => void this.connectListener(), 2_000);
    };
    client.on("error", (error) => {
      this.log.warn("LISTEN connection lost; the poll covers the gap", { error });
      retry();
    });
    client.on("notification", (n) => {
      const id = n.payload ?? "";
      const job = this.active.get(id);
      // A change to a store we are working on: check its generation now rather than at the next renewal.
      if (job) {
        void renewLease(id, this.id, this.o.leaseSeconds)
          .then((r) => {
            if (!r || r.generation !== job.generation) job.abort.abort();
          })
          .catch(() => {});
      }
      this.kick();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${STORE_CHANGES_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.log.warn("LISTEN failed; retrying", { error });
      retry();
    }
  }
}
