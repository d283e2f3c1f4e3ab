// The backup runner, part of each worker process: every tick it queues the scheduled backups
// that are due, then takes the active backups no replica holds and moves each one step: start
// its Job (requested → running), or look at the Job and, once it ended, check the manifest in the
// object store and record the result (running → succeeded | failed). A step never waits on the
// cluster, so a backup survives any worker's crash: the next tick, on any replica, goes on.
import { db } from "@/lib/db/client";
import type { BackupConfig } from "@/lib/backups/config";
import { backupJob, jobSecret } from "@/lib/backups/job";
import { backupPrefix, parseManifest, type BackupManifest } from "@/lib/backups/layout";
import { formatBytes } from "@/lib/backups/views";
import { createObjectStore, type ObjectStore } from "@/lib/backups/object-store";
import { expiredBackups } from "@/lib/backups/retention";
import { readDataJob, removeDataJob, startDataJob } from "@/lib/kube/backup-jobs";
import { storeObjects } from "@/lib/stores/cluster-objects";
import type { Kube } from "@/lib/kube/client";
import { claimBackups, queueScheduledBackups, releaseBackup, type ClaimedBackup } from "./backup-queue";
import { mergeValues } from "./base-values";
import { markDue } from "./leases";
import type { Logger } from "./log";
import type { Metrics } from "./metrics";
import type { RestoreSettings } from "./reconcile";
import { storeSpec, type PlatformSettings } from "./values";
import { desiredRelease, type Versions } from "./versions";

export interface BackupRunnerDeps {
  config: BackupConfig;
  keys: { accessKeyId: string; secretAccessKey: string };
  kube: Kube;
  objectStore: ObjectStore;
  settings: PlatformSettings;
  /** The fleet versions: the Job takes the images the store's release runs. */
  versions: Versions;
  workerId: string;
  log: Logger;
  metrics?: Metrics;
}

/** How often a worker's runner looks at the backup queue. */
const BACKUP_TICK_MS = 5_000;

/** The Worker's `backups` option from the configuration. */
export function backupRunnerOptions(config: BackupConfig, keys: BackupRunnerDeps["keys"], kube: Kube, settings: PlatformSettings, tickMs = BACKUP_TICK_MS) {
  return { config, keys, kube, settings, objectStore: createObjectStore(config.objectStore, keys), tickMs };
}

/** What a store's restore needs (ReconcileDeps.restore), from the same configuration. */
export function restoreSettings(config: BackupConfig, keys: BackupRunnerDeps["keys"]): RestoreSettings {
  return { objectStore: config.objectStore, keys, timeoutSeconds: config.timeoutSeconds };
}

/** Backups one tick moves at most; the rest wait for the next tick or another replica. */
const BACKUPS_PER_TICK = 8;
/** A claim outlives a slow step (API calls, a manifest read), never a dead worker for long. */
const LEASE_SECONDS = 60;
/** Past the Job's own deadline, how long the runner waits for it to say so itself. */
const DEADLINE_GRACE_MS = 60_000;

type Result = { state: "succeeded"; manifest: BackupManifest } | { state: "failed"; error: string };

/** Where a backup's Job is. */
function jobOf(b: ClaimedBackup) {
  const names = storeObjects(b.store.slug);
  return { namespace: names.namespace, name: names.backupJob(b.id) };
}

export class BackupRunner {
  constructor(private readonly d: BackupRunnerDeps) {}

  async tick(): Promise<void> {
    if (this.d.config.intervalHours > 0) {
      const queued = await queueScheduledBackups(this.d.config.intervalHours);
      if (queued) this.d.log.info("scheduled backups queued", { count: queued });
    }
    for (const backup of await claimBackups(this.d.workerId, LEASE_SECONDS, BACKUPS_PER_TICK)) {
      const log = this.d.log.child({ backupId: backup.id, storeId: backup.storeId, kind: backup.kind });
      try {
        if (backup.state === "requested") await this.start(backup, log);
        else await this.check(backup, log);
      } catch (error) {
        log.warn("backup step failed; retrying next tick", { error });
      } finally {
        await releaseBackup(backup.id, this.d.workerId);
      }
    }
  }

  private async start(b: ClaimedBackup, log: Logger): Promise<void> {
    const { store } = b;
    // A final backup reads a store being deleted (its delete waits); any other, a running store.
    const running = b.kind === "final" ? store.desiredState === "absent" : store.desiredState === "present" && store.phase === "Ready";
    if (!running) {
      await this.finish(b, { state: "failed", error: `The store was ${store.phase.toLowerCase()} before the backup could start` }, log);
      return;
    }
    // A running store has had a pass, which gave it its version.
    const version = await this.d.versions.of(store.versionId!);
    const values = mergeValues(version.chartDefaults, desiredRelease(storeSpec(store, store.owner.email, store.desiredState), this.d.settings, version).values);
    const job = backupJob({ slug: store.slug, backupId: b.id, values, objectStore: this.d.config.objectStore, timeoutSeconds: this.d.config.timeoutSeconds });
    await startDataJob(this.d.kube, jobSecret(job, this.d.keys), job);
    const event = await db().storeEvent.create({
      data: { storeId: store.id, generation: store.generation, step: "backup", state: "running", message: `Backing up the database and wp-content (${b.kind})` },
    });
    await db().backup.update({ where: { id: b.id }, data: { state: "running", startedAt: new Date(), eventId: event.id } });
    log.info("backup started");
  }

  private async check(b: ClaimedBackup, log: Logger): Promise<void> {
    const outcome = await readDataJob(this.d.kube, jobOf(b));
    if (outcome.state === "running") {
      const deadline = (b.startedAt?.getTime() ?? Date.now()) + this.d.config.timeoutSeconds * 1000 + DEADLINE_GRACE_MS;
      if (Date.now() < deadline) return;
      await this.finish(b, { state: "failed", error: `The backup did not finish within ${this.d.config.timeoutSeconds} s` }, log);
    } else if (outcome.state === "missing") {
      await this.finish(b, { state: "failed", error: "The backup Job disappeared before it finished" }, log);
    } else if (outcome.state === "failed") {
      await this.finish(b, { state: "failed", error: outcome.reason }, log);
    } else {
      await this.finish(b, await this.verify(b), log);
    }
  }

  /** A Job that ended well still proves nothing until its manifest is there and is this backup's. */
  private async verify(b: ClaimedBackup): Promise<Result> {
    const prefix = backupPrefix(b.store.slug, b.id);
    const text = await this.d.objectStore.readManifest(prefix);
    if (text === null) return { state: "failed", error: "The backup finished without its manifest" };
    const manifest = parseManifest(text, { store: b.store.slug, backup: b.id, prefix });
    return typeof manifest === "string" ? { state: "failed", error: `The backup's manifest is not valid: ${manifest}` } : { state: "succeeded", manifest };
  }

  private async finish(b: ClaimedBackup, result: Result, log: Logger): Promise<void> {
    const { slug } = b.store;
    await removeDataJob(this.d.kube, jobOf(b));
    // A failed backup's partial upload is of no use to anyone: it only costs storage.
    if (result.state === "failed") await this.d.objectStore.deletePrefix(backupPrefix(slug, b.id));
    const now = new Date();
    const succeeded = result.state === "succeeded";
    const sizeBytes = succeeded ? BigInt(result.manifest.objects.database.bytes + result.manifest.objects.files.bytes) : null;
    await db().$transaction([
      db().backup.update({
        where: { id: b.id },
        data: { state: result.state, finishedAt: now, ...(succeeded ? { manifest: result.manifest as object, sizeBytes } : { error: result.error }) },
      }),
      ...(b.eventId
        ? [db().storeEvent.update({ where: { id: b.eventId }, data: { state: result.state, finishedAt: now, message: succeeded ? `Backup stored (${formatBytes(Number(sizeBytes))})` : `Backup failed: ${result.error}` } })]
        : []),
    ]);
    this.d.metrics?.backups.inc({ kind: b.kind, result: result.state });
    if (succeeded) log.info("backup succeeded", { sizeBytes: Number(sizeBytes) });
    else log.warn("backup failed", { error: result.error });
    // A delete waits for this backup: let it go on now.
    if (b.store.desiredState === "absent") await markDue([b.storeId]);
    if (succeeded && b.kind === "scheduled") await this.expireOld(b.storeId, slug, log);
  }

  /** Retention: scheduled backups beyond the daily and weekly ones kept lose their objects. */
  private async expireOld(storeId: string, slug: string, log: Logger): Promise<void> {
    const kept = await db().backup.findMany({ where: { storeId, kind: "scheduled", state: "succeeded", expiredAt: null }, select: { id: true, finishedAt: true } });
    const expired = expiredBackups(kept.map((b) => ({ id: b.id, finishedAt: b.finishedAt! })), new Date(), this.d.config.keep);
    for (const id of expired) {
      await this.d.objectStore.deletePrefix(backupPrefix(slug, id));
      await db().backup.update({ where: { id }, data: { expiredAt: new Date() } });
    }
    if (expired.length) log.info("old scheduled backups expired", { count: expired.length });
  }
}
