// The backup runner against PostgreSQL, the API server and the test ground's S3 server. On the
// simulated nodes no container runs: a Job's pod is marked done without running its scripts, so
// every backup here ends for want of its manifest. That still proves the runner's part: the Job
// and its key Secret made in the store's namespace, the result recorded on the backup and the
// timeline, the partial upload, Job and Secret removed, a delete waiting for its final backup,
// and a restore's course (WordPress stopped, the Job run, WordPress back). Real backups and
// restores, read back from the object store and the shop, are proven by the real-store suite.
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { backupPrefix } from "@/lib/backups/layout";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { core, createStore, events, namespaceGone, notifyStoreChanged, requestChange, useWorkerForFile, waitFor, waitStore } from "./helpers";
import { apps, batch } from "../support/kube";

const s3 = process.env.BACKUP_S3_ENDPOINT
  ? new S3Client({
      endpoint: process.env.BACKUP_S3_ENDPOINT,
      region: process.env.BACKUP_S3_REGION,
      credentials: { accessKeyId: process.env.BACKUP_S3_ACCESS_KEY_ID!, secretAccessKey: process.env.BACKUP_S3_SECRET_ACCESS_KEY! },
      forcePathStyle: true,
    })
  : null;
const Bucket = process.env.BACKUP_S3_BUCKET!;

const objectsUnder = async (prefix: string) => (await s3!.send(new ListObjectsV2Command({ Bucket, Prefix: prefix }))).KeyCount ?? 0;
const backupEnded = (id: string) => waitFor(`backup ${id} to end`, async () => {
  const b = await db().backup.findUniqueOrThrow({ where: { id } });
  return b.state === "succeeded" || b.state === "failed" ? b : undefined;
}, 120_000);

describe.skipIf(!s3)("the backup runner (skipped without the test ground's S3 server: BACKUP_S3_ENDPOINT is unset)", () => {
  useWorkerForFile({ BACKUP_INTERVAL_HOURS: "0", BACKUP_TIMEOUT_SECONDS: "120" });

  it("runs a Job with its key Secret in the store's namespace, records the failure, and removes the Job, the Secret and the partial upload", async () => {
    const store = await createStore("bkjob");
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready", 180_000);
    const names = storeObjects(store.slug);
    // The release carries the backup's scripts and network policy, and quota room for its pod.
    await core.readNamespacedConfigMap({ name: names.backup, namespace: names.namespace });
    const quota = await core.readNamespacedResourceQuota({ name: store.slug, namespace: names.namespace });
    expect(quota.spec!.hard!["limits.cpu"]).toBe("900m"); // the tiny preset's 400m + the backup pod's 500m

    const backup = await db().backup.create({ data: { storeId: store.id, kind: "manual" } });
    const prefix = backupPrefix(store.slug, backup.id);
    await s3!.send(new PutObjectCommand({ Bucket, Key: `${prefix}db.sql.gz`, Body: "a partial upload" }));
    const job = await waitFor("the backup Job", async () => {
      const list = await batch.listNamespacedJob({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id}` });
      return list.items[0];
    }, 60_000);
    expect(job.metadata!.name).toBe(names.backupJob(backup.id));
    const secret = await core.readNamespacedSecret({ name: names.backupJob(backup.id), namespace: names.namespace });
    expect(Object.keys(secret.data!).sort()).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);

    const ended = await backupEnded(backup.id);
    expect(ended).toMatchObject({ state: "failed", error: "The backup finished without its manifest", sizeBytes: null });
    expect(ended.startedAt).not.toBeNull();
    const step = (await events(store.id)).filter((e) => e.step === "backup");
    expect(step.map((e) => [e.state, e.message])).toEqual([["failed", "Backup failed: The backup finished without its manifest"]]);
    expect(await objectsUnder(prefix)).toBe(0);
    const left = await batch.listNamespacedJob({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id}` });
    expect(left.items.filter((j) => !j.metadata!.deletionTimestamp)).toEqual([]);
    const secrets = await core.listNamespacedSecret({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id}` });
    expect(secrets.items).toEqual([]);
  });

  it("restores a backup: WordPress stops, the restore Job runs with its key Secret, then WordPress starts again", async () => {
    const store = await createStore("bkrestore");
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready", 180_000);
    const names = storeObjects(store.slug);
    const backup = await db().backup.create({ data: { storeId: store.id, kind: "manual", state: "succeeded", finishedAt: new Date() } });
    // What lib/backups/restore.ts records.
    const generation = store.generation + 1;
    await db().storeEvent.create({ data: { storeId: store.id, generation, step: "restore", state: "running", message: "Restoring" } });
    await requestChange(store.id, { restoreBackupId: backup.id });

    const job = await waitFor("the restore Job", async () => {
      const list = await batch.listNamespacedJob({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id},storefleet.io/operation=restore` });
      return list.items[0];
    }, 120_000);
    expect(job.metadata!.name).toBe(names.restoreJob(backup.id));
    // It runs while WordPress is stopped.
    expect((await apps.readNamespacedDeployment({ name: names.wordpress, namespace: names.namespace })).spec!.replicas).toBe(0);
    expect((await apps.readNamespacedStatefulSet({ name: names.mariadb, namespace: names.namespace })).spec!.replicas).toBe(1);

    const done = await waitStore(store.id, "Ready after the restore", (s) => s.phase === "Ready" && s.observedGeneration === s.generation && s.generation === generation, 180_000);
    expect(done.restoreBackupId).toBeNull();
    expect((await events(store.id)).filter((e) => e.step === "restore").map((e) => [e.state, e.message])).toEqual([["succeeded", "Backup restored"]]);
    expect((await apps.readNamespacedDeployment({ name: names.wordpress, namespace: names.namespace })).spec!.replicas).toBe(1);
    const left = await batch.listNamespacedJob({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id}` });
    expect(left.items.filter((j) => !j.metadata!.deletionTimestamp)).toEqual([]);
    expect((await core.listNamespacedSecret({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id}` })).items).toEqual([]);
  });

  it("provisions a clone around the restore of another store's backup: WordPress stopped from the first install, the Job reading the source's objects", async () => {
    // Only the source's row and backup matter: the Job reads the objects under its prefix.
    const source = await createStore("bksource", "tiny", true);
    const backup = await db().backup.create({ data: { storeId: source.id, kind: "manual", state: "succeeded", finishedAt: new Date() } });
    // What lib/backups/clone.ts records: a new store seeded with the backup, its restore step running.
    const clone = await createStore("bkclone", "tiny", true);
    await db().store.update({ where: { id: clone.id }, data: { restoreBackupId: backup.id, nextReconcileAt: new Date() } });
    await db().storeEvent.create({ data: { storeId: clone.id, generation: 1, step: "restore", state: "running", message: "Restoring the backup of bksource" } });
    await notifyStoreChanged(clone.id);
    const names = storeObjects(clone.slug);

    const job = await waitFor("the clone's restore Job", async () => {
      const list = await batch.listNamespacedJob({ namespace: names.namespace, labelSelector: `storefleet.io/backup-id=${backup.id},storefleet.io/operation=restore` });
      return list.items[0];
    }, 180_000);
    const env = job.spec!.template.spec!.containers.flatMap((c) => c.env ?? []);
    expect(env.find((e) => e.name === "OBJECT_PREFIX")!.value).toBe(backupPrefix(source.slug, backup.id));
    expect((await apps.readNamespacedDeployment({ name: names.wordpress, namespace: names.namespace })).spec!.replicas).toBe(0);

    const done = await waitStore(clone.id, "Ready after its restore", (s) => s.phase === "Ready" && s.observedGeneration === 1, 180_000);
    expect(done).toMatchObject({ restoreBackupId: null, statusMessage: expect.stringMatching(/^Store is ready at /) });
    const steps = (await events(clone.id)).filter((e) => e.step === "restore" || e.step === "ready").map((e) => [e.step, e.state]);
    expect(steps).toEqual([["restore", "succeeded"], ["ready", "succeeded"]]);
    expect((await apps.readNamespacedDeployment({ name: names.wordpress, namespace: names.namespace })).spec!.replicas).toBe(1);
  });

  it("a delete waits for the store's final backup, then removes the store", async () => {
    const store = await createStore("bkfinal");
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready", 180_000);
    // Held by another (imaginary) worker: the delete must wait for it to end.
    const final = await db().backup.create({ data: { storeId: store.id, kind: "final", leaseOwner: "another-worker", leaseExpiresAt: new Date(Date.now() + 3600_000) } });
    await requestChange(store.id, { desiredState: "absent" });
    await waitStore(store.id, "waiting for its final backup", (s) => s.statusMessage === "Waiting for the final backup to finish");
    expect(await namespaceGone(store.slug)).toBe(false);

    // The lease lapses: this worker takes the backup over, ends it, and the delete goes on.
    await db().backup.update({ where: { id: final.id }, data: { leaseExpiresAt: new Date(0) } });
    const ended = await backupEnded(final.id);
    const deleted = await waitStore(store.id, "Deleted", (s) => s.phase === "Deleted", 180_000);
    expect(ended.finishedAt!.getTime()).toBeLessThanOrEqual(deleted.deletedAt!.getTime());
    expect(await namespaceGone(store.slug)).toBe(true);
  });
});
