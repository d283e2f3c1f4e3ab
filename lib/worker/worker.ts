// The worker loop: keeps the cluster cache (watches), claims due stores under leases, runs up to
// `concurrency` reconcile passes at once, renews each lease while its pass runs, wakes early on
// NOTIFY store_changes and on watch events of waiting stores, and runs the resync of settled
// stores against the cache.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db/client";
import { STORE_CHANGES_CHANNEL } from "@/lib/stores/notify";
import { pruneExpiredIdempotencyRecords } from "@/lib/stores/idempotency";
import { ClusterCache } from "./cluster-cache";
import { claimStores, markDue, releaseAll, releaseLease, renewLease, wakeStores } from "./leases";
import type { Logger } from "./log";
import type { Metrics } from "./metrics";
import { reconcileStore, type ReconcileDeps } from "./reconcile";
import { outOfSyncStores, SettledVerdicts } from "./resync";
import { BackupRunner, type BackupRunnerDeps } from "./backups";
import { HealthChecker, type HealthCheckerDeps } from "./health";
import { RolloutRunner } from "./rollouts";
import { Versions } from "./versions";

export interface WorkerOptions {
  databaseUrl: string;
  concurrency: number;
  leaseSeconds: number;
  /** Poll fallback when no notification arrives. */
  pollMs: number;
  /** Period of the resync of settled stores, of the metrics refresh and of housekeeping. */
  resyncMs: number;
  heartbeatMs: number;
  /** How long running passes may finish after SIGTERM before they are cut short. */
  shutdownGraceMs: number;
  /** chartPath: the store chart this worker ships with (its fleet version, lib/worker/versions.ts). */
  deps: Omit<ReconcileDeps, "workerId" | "log" | "onFailure" | "cache" | "memory" | "versions"> & { chartPath: string };
  /** With backups configured: the runner's dependencies and how often it ticks. */
  backups?: Omit<BackupRunnerDeps, "workerId" | "log" | "metrics" | "versions"> & { tickMs: number };
  /** With health checks on: the checker's dependencies and how often it looks for due stores. */
  health?: Omit<HealthCheckerDeps, "log" | "metrics"> & { tickMs: number };
  /** How often the rollout runner (lib/worker/rollouts.ts) moves the active rollout on. */
  rolloutTickMs: number;
  log: Logger;
  metrics?: Metrics;
}

export function workerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

/** Watch events come in bursts (a rollout emits dozens): they are handled together this often. */
const EVENT_BATCH_MS = 200;
/** An upgraded store that became Ready may fail its health check this long (its new pod may not be
 * routed to yet) before its upgrade fails. */
const ROLLOUT_HEALTH_GRACE_MS = 120_000;

export class Worker {
  readonly id = workerId();
  readonly cache: ClusterCache;
  private readonly active = new Map<string, { abort: AbortController; done: Promise<void>; generation: number }>();
  /** Stores with a pass running, by slug: whether a watch event came while it ran. An event that
   * arrives while the store is leased cannot wake it, so a pass that ends waiting looks again. */
  private readonly changedDuringPass = new Map<string, boolean>();
  private readonly memory: ReconcileDeps["memory"] = { problems: new Map(), outages: new Map() };
  private readonly verdicts = new SettledVerdicts();
  private readonly changedSlugs = new Set<string>();
  private eventFlush: NodeJS.Timeout | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private listener: pg.Client | null = null;
  private timers: NodeJS.Timeout[] = [];
  private loopDone: Promise<void> | null = null;
  private readonly log: Logger;
  /** Set by start(), which records this worker's own version first. */
  private versions!: Versions;

  constructor(private readonly o: WorkerOptions) {
    this.log = o.log.child({ worker: this.id });
    this.cache = new ClusterCache(o.deps.kube, o.deps.settings.routeMode, (kind, error) => this.log.warn("watch failed; retrying", { kind, error }));
    this.cache.onStoreChange((slug) => this.storeChanged(slug));
  }

  async start(): Promise<void> {
    this.log.info("worker starting", { concurrency: this.o.concurrency, leaseSeconds: this.o.leaseSeconds });
    await this.heartbeat();
    const { versions, ownId } = await Versions.start(this.o.deps.chartPath, this.o.deps.settings);
    this.versions = versions;
    this.log.info("fleet version recorded", { versionId: ownId });
    await this.cache.start();
    this.log.info("cluster cache synced", { objects: this.cache.objectCount });
    await this.connectListener();
    this.every(this.o.heartbeatMs, () => this.heartbeat());
    this.every(this.o.resyncMs, () => this.resync());
    this.every(this.o.resyncMs, async () => this.o.metrics?.refresh());
    // Housekeeping rides on the resync period; any replica may do it, the delete is idempotent.
    this.every(this.o.resyncMs, () => pruneExpiredIdempotencyRecords());
    if (this.o.backups) {
      const { tickMs, ...deps } = this.o.backups;
      const runner = new BackupRunner({ ...deps, versions: this.versions, workerId: this.id, log: this.log.child({ component: "backups" }), metrics: this.o.metrics });
      this.everyAlone(tickMs, () => runner.tick());
    }
    if (this.o.health) {
      const { tickMs, ...deps } = this.o.health;
      const checker = new HealthChecker({ ...deps, log: this.log.child({ component: "health" }), metrics: this.o.metrics });
      this.everyAlone(tickMs, () => checker.tick());
    }
    const rollouts = new RolloutRunner({
      workerId: this.id,
      log: this.log.child({ component: "rollouts" }),
      ...(this.o.health ? { health: { urlOf: this.o.health.urlOf, probe: this.o.health.probe } } : {}),
      healthGraceMs: ROLLOUT_HEALTH_GRACE_MS,
    });
    this.everyAlone(this.o.rolloutTickMs, () => rollouts.tick());
    void this.o.metrics?.refresh().catch(() => {});
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
    if (this.eventFlush) clearTimeout(this.eventFlush);
    this.cache.stop();
    const released = await releaseAll(this.id).catch(() => 0);
    await db().workerHeartbeat.delete({ where: { id: this.id } }).catch(() => {});
    await this.listener?.end().catch(() => {});
    this.log.info("worker stopped", { releasedLeases: released });
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    this.timers.push(setInterval(() => void task().catch((error) => this.log.warn("periodic task failed", { error })), ms));
  }

  /** Like every(), but a run that outlasts the period is not overlapped by the next. */
  private everyAlone(ms: number, task: () => Promise<unknown>): void {
    let running = false;
    this.every(ms, async () => {
      if (running) return;
      running = true;
      try {
        await task();
      } finally {
        running = false;
      }
    });
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

  /** A watch event touched this store: look at it (with the others of the same burst) soon. */
  private storeChanged(slug: string): void {
    if (this.changedDuringPass.has(slug)) this.changedDuringPass.set(slug, true);
    this.changedSlugs.add(slug);
    this.eventFlush ??= setTimeout(() => {
      this.eventFlush = null;
      const slugs = [...this.changedSlugs];
      this.changedSlugs.clear();
      void this.handleChanges(slugs).catch((error) => this.log.warn("handling watch events failed", { error }));
    }, EVENT_BATCH_MS);
  }

  /** Waiting stores become due; settled ones are checked like in the resync. */
  private async handleChanges(slugs: string[]): Promise<void> {
    const woken = await wakeStores(slugs);
    const off = await outOfSyncStores(this.resyncDeps(), slugs);
    if (woken + (await this.makeDue(off)) > 0) this.kick();
  }

  private async resync(): Promise<void> {
    const off = await outOfSyncStores(this.resyncDeps());
    if ((await this.makeDue(off)) > 0) this.kick();
  }

  private resyncDeps() {
    return { cache: this.cache, settings: this.o.deps.settings, versions: this.versions, verdicts: this.verdicts };
  }

  private async makeDue(off: { id: string; slug: string; reason: string }[]): Promise<number> {
    for (const s of off) this.log.info("resync: store out of sync", { storeId: s.id, slug: s.slug, reason: s.reason });
    return markDue(off.map((s) => s.id));
  }

  private run(storeId: string, generation: number): void {
    const abort = new AbortController();
    const log = this.log.child({ storeId });
    const started = Date.now();
    this.o.metrics?.active.inc();
    const renew = this.renewWhileRunning(storeId, generation, abort, log);
    const done = (async () => {
      let requeueMs = 5_000;
      let outcome = "error";
      let slug: string | undefined;
      try {
        const deps: ReconcileDeps = {
          ...this.o.deps, versions: this.versions, cache: this.cache, memory: this.memory, workerId: this.id, log: this.log,
          onFailure: (reason) => this.o.metrics?.failures.inc({ reason }),
        };
        const watchSlug = (s: string) => {
          slug = s;
          this.changedDuringPass.set(s, false);
        };
        ({ requeueMs, outcome } = await reconcileStore(deps, storeId, abort.signal, watchSlug));
        if (outcome === "waiting" && slug && this.changedDuringPass.get(slug)) requeueMs = 0;
      } catch (error) {
        // A bug or a database outage: never let one store take the worker down.
        log.error("reconcile crashed", { error });
      } finally {
        // The pass is over before its lease is handed back: another worker may start right after.
        const ended = Date.now();
        clearInterval(renew);
        await releaseLease(storeId, this.id, generation, requeueMs).catch((error) => log.error("lease release failed", { error }));
        this.o.metrics?.duration.observe({ outcome }, (ended - started) / 1000);
        this.o.metrics?.active.dec();
        log.info("reconcile end", { outcome, generation, startedAt: started, endedAt: ended, requeueMs });
        this.active.delete(storeId);
        if (slug) this.changedDuringPass.delete(slug);
        this.kick();
      }
    })();
    this.active.set(storeId, { abort, done, generation });
  }

  /** Renews at a third of the lease so two missed renewals still leave it ours. A renewal that
   * finds the lease gone, or a new generation (the owner changed their mind), stops the pass. */
  private renewWhileRunning(storeId: string, generation: number, abort: AbortController, log: Logger): NodeJS.Timeout {
    return setInterval(async () => {
      try {
        const r = await renewLease(storeId, this.id, this.o.leaseSeconds);
        if (!r) log.warn("lease lost");
        else if (r.generation !== generation) log.info("store changed while working; restarting the pass", { newGeneration: r.generation });
        if (!r || r.generation !== generation) abort.abort();
      } catch (error) {
        log.warn("lease renewal failed", { error });
      }
    }, (this.o.leaseSeconds * 1000) / 3);
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
    client.on("notification", (n) => this.notified(n.payload ?? ""));
    try {
      await client.connect();
      await client.query(`LISTEN ${STORE_CHANGES_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.log.warn("LISTEN failed; retrying", { error });
      retry();
    }
  }

  /** A store changed: if we work on it, check its generation now rather than at the next renewal. */
  private notified(storeId: string): void {
    const job = this.active.get(storeId);
    if (job) {
      void renewLease(storeId, this.id, this.o.leaseSeconds)
        .then((r) => {
          if (!r || r.generation !== job.generation) job.abort.abort();
        })
        .catch(() => {});
    }
    this.kick();
  }
}
