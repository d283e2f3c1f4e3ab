// The rollout runner, part of each worker process: every tick it takes the active rollout no
// replica holds (a lease on its row, like a backup's) and moves it one step. A step never waits:
// it asks stores for their new version the way the portal asks for any change (a new generation,
// an `upgrade` step on the timeline) and reads where each store's pass got to, so a rollout
// survives any worker's crash and the next tick, on any replica, goes on.
//
// Running: the stores of the current batch are looked at; one that failed stops the rollout, one
// that settled is checked like a shopper would (lib/worker/health-probe.ts, when health checks
// are on) before it counts as upgraded; once the whole batch has, the next batch starts. Rolling
// back: every store the rollout touched is moved back to the version it ran before.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isAllowed, planAction } from "@/lib/stores/lifecycle";
import { notifyStoreChanged } from "@/lib/stores/notify";
import { healthVerdict, pinnedNote, upgradeProgress, type RolloutStoreState, type StoreAtUpgrade } from "@/lib/rollouts/rules";
import type { ProbeResult } from "./health-probe";
import type { Logger } from "./log";

export interface RolloutRunnerDeps {
  workerId: string;
  log: Logger;
  /** With health checks on: an upgraded running store must pass one before it counts. */
  health?: { urlOf: (slug: string) => string; probe: (url: string) => Promise<ProbeResult> };
  /** How long an upgraded store may fail its health check (the router may not route to its new
   * pod at once) before its upgrade fails. */
  healthGraceMs: number;
}

/** A claim outlives a slow step, never a dead worker for long. */
const LEASE_SECONDS = 30;

interface ClaimedRollout {
  id: string;
  state: "running" | "rolling_back";
  targetVersionId: string;
}

const storeSelect = {
  id: true, slug: true, versionId: true, phase: true, desiredState: true, generation: true, observedGeneration: true,
  deletedAt: true, statusMessage: true, pinnedUntil: true, restoreBackupId: true,
} as const;

type Row = Prisma.RolloutStoreGetPayload<{ include: { store: { select: typeof storeSelect } } }>;

/** Takes an active rollout no worker holds (or whose holder's lease lapsed). */
async function claimRollout(owner: string): Promise<ClaimedRollout | null> {
  const rows = await db().$queryRaw<ClaimedRollout[]>`
    UPDATE "Rollout" SET "leaseOwner" = ${owner}, "leaseExpiresAt" = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE id = (
      SELECT id FROM "Rollout"
      WHERE state IN ('running', 'rolling_back') AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" < now())
      ORDER BY "createdAt" LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, state::text AS state, "targetVersionId"`;
  return rows[0] ?? null;
}

async function releaseRollout(id: string, owner: string): Promise<void> {
  await db().rollout.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseExpiresAt: null } });
}

/**
 * Moves a store to a version: a new generation with an `upgrade` step, as a request of the portal
 * would. `anyPhase`: a rollback also takes back a store still busy with its upgrade. Returns the
 * generation asked, or null when the store could not take it (deleted, restoring, busy).
 */
async function requestVersion(store: Row["store"], versionId: string, message: string, anyPhase: boolean): Promise<number | null> {
  const plan = planAction("upgrade", store);
  const generation = await db().$transaction(async (tx) => {
    const { count } = await tx.store.updateMany({
      where: { id: store.id, deletedAt: null, restoreBackupId: null, ...(anyPhase ? { desiredState: { in: ["present", "suspended"] } } : plan.where) },
      data: { versionId, statusMessage: plan.message, generation: { increment: 1 }, failureCount: 0, nextReconcileAt: new Date() },
    });
    if (count === 0) return null;
    const { generation } = await tx.store.findUniqueOrThrow({ where: { id: store.id }, select: { generation: true } });
    await tx.storeEvent.create({ data: { storeId: store.id, generation, step: "upgrade", state: "running", message } });
    return generation;
  });
  if (generation !== null) await notifyStoreChanged(store.id);
  return generation;
}

export class RolloutRunner {
  constructor(private readonly d: RolloutRunnerDeps) {}

  async tick(): Promise<void> {
    const rollout = await claimRollout(this.d.workerId);
    if (!rollout) return;
    const log = this.d.log.child({ rolloutId: rollout.id });
    try {
      if (rollout.state === "running") await this.advance(rollout, log);
      else await this.rollBack(rollout, log);
    } catch (error) {
      log.warn("rollout step failed; retrying next tick", { error });
    } finally {
      await releaseRollout(rollout.id, this.d.workerId);
    }
  }

  private rows(rolloutId: string, states: RolloutStoreState[]): Promise<Row[]> {
    return db().rolloutStore.findMany({
      where: { rolloutId, state: { in: states } },
      orderBy: [{ batch: "asc" }, { store: { createdAt: "asc" } }],
      include: { store: { select: storeSelect } },
    });
  }

  private setRow(row: Row, state: RolloutStoreState, message: string, extra: Prisma.RolloutStoreUpdateInput = {}): Promise<unknown> {
    const finished = ["succeeded", "failed", "skipped", "rolled_back"].includes(state);
    return db().rolloutStore.update({ where: { id: row.id }, data: { state, message, ...(finished ? { finishedAt: new Date() } : {}), ...extra } });
  }

  /** Writes the rollout's state and message, unless an operator changed its state meanwhile. */
  private async setRollout(r: ClaimedRollout, data: { state?: "failed" | "succeeded" | "rolled_back"; message: string }): Promise<void> {
    const finished = data.state === "succeeded" || data.state === "rolled_back";
    await db().rollout.updateMany({ where: { id: r.id, leaseOwner: this.d.workerId, state: r.state }, data: { ...data, ...(finished ? { finishedAt: new Date() } : {}) } });
  }

  private async advance(r: ClaimedRollout, log: Logger): Promise<void> {
    const upgrading = await this.rows(r.id, ["upgrading"]);
    let failure: Row | null = null;
    for (const row of upgrading) {
      const outcome = await this.upgradeOutcome(row);
      if (!outcome) continue;
      await this.setRow(row, outcome.state, outcome.message, outcome.settledAt ? { settledAt: outcome.settledAt } : {});
      if (outcome.state === "failed") {
        failure ??= row;
        log.warn("a store failed its upgrade", { storeId: row.storeId, message: outcome.message });
      }
    }
    if (failure) {
      await this.setRollout(r, { state: "failed", message: `Stopped: ${failure.store.slug} failed its upgrade. Resume to go on with the next batch, or roll back.` });
      return;
    }
    if ((await this.rows(r.id, ["upgrading"])).length > 0) return;
    const pending = await this.rows(r.id, ["pending"]);
    if (pending.length === 0) {
      const done = await db().rolloutStore.groupBy({ by: ["state"], where: { rolloutId: r.id }, _count: { _all: true } });
      const count = (s: RolloutStoreState) => done.find((d) => d.state === s)?._count._all ?? 0;
      await this.setRollout(r, { state: "succeeded", message: `Done: ${count("succeeded")} upgraded, ${count("skipped")} skipped, ${count("failed")} failed` });
      log.info("rollout finished");
      return;
    }
    // Planned stores (every pending one) have a batch; the last pending one has the last batch.
    const batch = pending[0]!.batch!;
    const lastBatch = pending[pending.length - 1]!.batch!;
    const target = await db().fleetVersion.findUniqueOrThrow({ where: { id: r.targetVersionId }, select: { label: true } });
    let started = 0;
    for (const row of pending.filter((p) => p.batch === batch)) if (await this.startUpgrade(row, r.targetVersionId, target.label)) started += 1;
    await this.setRollout(r, { message: `${batch === 0 ? "Canary" : `Batch ${batch} of ${lastBatch}`}: ${started} stores upgrading` });
    log.info("rollout batch started", { batch, stores: started });
  }

  /** Asks one store of the batch for the target version, or says why it is skipped. */
  private async startUpgrade(row: Row, targetVersionId: string, targetLabel: string): Promise<boolean> {
    const { store } = row;
    const skip = (message: string) => this.setRow(row, "skipped", `Skipped: ${message}`).then(() => false);
    if (store.deletedAt || store.desiredState === "absent") return skip("the store was deleted");
    const pinned = pinnedNote(store.pinnedUntil, new Date());
    if (pinned) return this.setRow(row, "skipped", pinned).then(() => false);
    if (store.versionId === targetVersionId) return this.setRow(row, "succeeded", "Already on the version").then(() => false);
    if (store.phase === "Failed") return skip("the store had failed before its upgrade");
    if (!isAllowed("upgrade", store) || store.restoreBackupId) return skip(`the store was busy (${store.phase}) when its batch started`);
    const generation = await requestVersion(store, targetVersionId, `Upgrading to ${targetLabel}`, false);
    if (generation === null) return skip("the store changed before its upgrade could be asked");
    await this.setRow(row, "upgrading", "Upgrading", { generation, startedAt: new Date() });
    return true;
  }

  /** What became of an upgrading store, or null while its pass is still at work. */
  private async upgradeOutcome(row: Row): Promise<{ state: RolloutStoreState; message: string; settledAt?: Date } | null> {
    const progress = upgradeProgress(row.store as StoreAtUpgrade, row.generation!);
    if (progress.kind === "working") return null;
    if (progress.kind === "gone") return { state: "skipped", message: "Skipped: the store was deleted during its upgrade" };
    if (progress.kind === "failed") return { state: "failed", message: `Upgrade failed: ${progress.message}` };
    if (!progress.running) return { state: "succeeded", message: "Upgraded (suspended: its pods start on resume)" };
    if (!this.d.health) return { state: "succeeded", message: "Upgraded and Ready (health checks are off)" };
    const check = await this.d.health.probe(this.d.health.urlOf(row.store.slug));
    return healthVerdict(check, row.settledAt, new Date(), this.d.healthGraceMs);
  }

  private async rollBack(r: ClaimedRollout, log: Logger): Promise<void> {
    for (const row of await this.rows(r.id, ["rolling_back"])) {
      const progress = upgradeProgress(row.store as StoreAtUpgrade, row.generation!);
      if (progress.kind === "gone") await this.setRow(row, "skipped", "Deleted before its rollback finished");
      else if (progress.kind === "failed") await this.setRow(row, "failed", `Rollback failed: ${progress.message}`);
      else if (progress.kind === "settled") await this.setRow(row, "rolled_back", "Back on the version it ran before");
    }
    for (const row of await this.rows(r.id, ["pending"])) await this.setRow(row, "skipped", "Not upgraded: the rollout was rolled back");
    // A store whose rollback failed already runs its old version: it is not asked again.
    const touched = (await this.rows(r.id, ["upgrading", "succeeded", "failed"])).filter((row) => row.store.versionId !== row.fromVersionId);
    const labels = new Map((await db().fleetVersion.findMany({ where: { id: { in: touched.map((t) => t.fromVersionId) } }, select: { id: true, label: true } })).map((v) => [v.id, v.label]));
    for (const row of touched) {
      const generation = await requestVersion(row.store, row.fromVersionId, `Rolling back to ${labels.get(row.fromVersionId)}`, true);
      if (generation === null) await this.setRow(row, "skipped", "Not rolled back: the store was deleted or a backup was being restored into it");
      else await this.setRow(row, "rolling_back", "Rolling back", { generation });
    }
    const left = (await this.rows(r.id, ["rolling_back"])).length;
    if (left > 0) {
      await this.setRollout(r, { message: `Rolling back: ${left} stores returning to the version they ran` });
      return;
    }
    const back = await db().rolloutStore.count({ where: { rolloutId: r.id, state: "rolled_back" } });
    await this.setRollout(r, { state: "rolled_back", message: `Rolled back: ${back} stores back on the version they ran` });
    log.info("rollout rolled back", { stores: back });
  }
}
