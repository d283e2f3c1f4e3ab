// One small handler per action of lib/worker/decide.ts. A handler either acts and lets the pass
// decide again ("continue"), ends the pass to wait for the cluster ("wait", woken early by the
// watch cache), or reports the store in sync ("settled"). Acting handlers wait only until the
// watch cache shows their own write, so the next decision never acts twice on a stale view.
import type { Prisma } from "@/lib/generated/prisma/client";
import { HelmError } from "@/lib/helm/cli";
import { deleteNamespace, dropReleaseRevision, ensureNamespace, warningEvents } from "@/lib/kube/store-objects";
import { expandableClasses, expandMariadbClaim, orphanStatefulSet, storeClaims } from "@/lib/kube/store-volumes";
import { jobSecret, restoreJob } from "@/lib/backups/job";
import { readDataJob, removeDataJob, startDataJob } from "@/lib/kube/backup-jobs";
import { namespaceBelongsTo } from "@/lib/stores/cluster-objects";
import { expansionRefusal, volumeStorageOf } from "@/lib/stores/storage";
import { classifyWorkloads, namespaceConflict, type Failure } from "./classify";
import type { Action } from "./decide";
import { mergeValues } from "./base-values";
import { backupStoreSlug } from "./backup-queue";
import { ownedStateOfManifest } from "./drift";
import { claimBehind, driftOf } from "./observe";
import { StoreFailure } from "./pass-failure";
import { STEP_TEXT } from "./progress";
import type { StorePass } from "./reconcile";

export type Handled = { kind: "continue" } | { kind: "wait"; requeueMs: number } | { kind: "settled" };
type Handler<T extends Action["type"]> = (pass: StorePass, action: Extract<Action, { type: T }>) => Promise<Handled>;

/** How long an acting handler waits for the watch cache to show what it just wrote. */
const CATCH_UP_MS = 10_000;
/** A waiting store is looked at again at least this often, events or not. */
const WAIT_RECHECK_MS = 30_000;
/** Helm's records are not watched: a lock is looked at again this often. */
const LOCK_RECHECK_MS = 2_000;
/** A store waiting for its final backup looks again this often (the runner also wakes it). */
const BACKUP_RECHECK_MS = 10_000;

/** A running restore Job is looked at this often (Jobs are not watched). */
const RESTORE_RECHECK_MS = 5_000;

const CONTINUE: Handled = { kind: "continue" };

async function caughtUp(pass: StorePass, ok: Parameters<StorePass["deps"]["cache"]["until"]>[1]): Promise<Handled> {
  return (await pass.deps.cache.until(pass.names.namespace, ok, CATCH_UP_MS)) ? CONTINUE : { kind: "wait", requeueMs: 1_000 };
}

const createNamespace: Handler<"create-namespace"> = async (pass) => {
  const { deps, store } = pass;
  await pass.timeline.begin("namespace", STEP_TEXT.namespace[0]);
  await ensureNamespace(deps.kube, store.slug, { storeId: store.id, ownerId: store.ownerId, podSecurityLevel: deps.podSecurityLevel }, deps.namespaceGrants);
  return caughtUp(pass, (snap) => !!snap.namespace && namespaceBelongsTo(snap.namespace.labels, store.id));
};

/** The API server's refusal of a change to a StatefulSet's fields other than its template, replicas
 * and a few more (its claim template among them). */
const STATEFULSET_REFUSED = /updates to statefulset spec for fields other than/i;

const install: Handler<"install"> = async (pass, action) => {
  const { deps, names, store } = pass;
  if (pass.mode === "provision") await pass.timeline.begin("secrets", STEP_TEXT.secrets[0]);
  pass.log.info("helm upgrade --install", { why: action.why, suspended: pass.desired === "suspended" });
  let manifest: string;
  try {
    ({ manifest } = await deps.helm.upgradeInstall(names.release, pass.version.chartPath, names.namespace, pass.values, deps.helmTimeoutSeconds));
  } catch (error) {
    if (!(error instanceof HelmError && STATEFULSET_REFUSED.test(error.stderr))) throw error;
    // Another chart version changed the StatefulSet's claim template, which the API server never
    // updates in place: the StatefulSet goes (its pod and claim stay, as for a resize) and the
    // next round installs again, making it anew.
    pass.log.warn("the release changes the MariaDB StatefulSet's fixed fields; making it anew (its pod and claim stay)");
    await orphanStatefulSet(deps.kube, store.slug);
    return caughtUp(pass, (snap) => !snap.objects.has(`StatefulSet/${names.mariadb}`));
  }
  const applied = ownedStateOfManifest(manifest);
  await pass.set({ appliedDigest: pass.desiredDigest, appliedState: applied as Prisma.InputJsonValue });
  Object.assign(pass.store, { appliedDigest: pass.desiredDigest, appliedState: applied });
  if (action.drift) await pass.timeline.note("repair", `Corrected drift: ${action.drift}`);
  return caughtUp(pass, (snap) => driftOf(snap, applied) === null);
};

/**
 * The size preset asks for more storage than the volumes have. Where every claim's StorageClass
 * allows expansion, the StatefulSet goes (its pod and claim stay) so that the upgrade that follows
 * makes it with the larger template, and the volumes are recorded as grown; otherwise the store
 * records why they stay as they are, and the rest of the resize goes on.
 */
const growVolumes: Handler<"grow-volumes"> = async (pass, action) => {
  const { deps, store, names } = pass;
  const claims = await storeClaims(deps.kube, store.slug);
  const expandable = await expandableClasses(deps.kube, claims.flatMap((c) => (c.storageClass ? [c.storageClass] : [])));
  const refusal = expansionRefusal(claims, (c) => expandable.has(c), volumeStorageOf(store, deps.settings.STORE_SIZES)!);
  if (refusal) {
    pass.log.warn("the volumes cannot grow", { reason: refusal });
    await pass.changeVolumes({ volumeNote: refusal });
    return CONTINUE;
  }
  await orphanStatefulSet(deps.kube, store.slug);
  await pass.changeVolumes({ volumeStorage: action.to });
  return caughtUp(pass, (snap) => !snap.objects.has(`StatefulSet/${names.mariadb}`));
};

/** The StatefulSet's template asks for more than its claim has: the API server expands the claim. */
const expandClaim: Handler<"expand-claim"> = async (pass) => {
  await expandMariadbClaim(pass.deps.kube, pass.store.slug, pass.claimSize);
  return caughtUp(pass, (snap) => !claimBehind(snap, pass.store.slug, pass.claimSize));
};

const uninstall: Handler<"uninstall"> = async (pass) => {
  await pass.deps.helm.uninstall(pass.names.release, pass.names.namespace, pass.deps.helmTimeoutSeconds);
  return CONTINUE;
};

const deleteStoreNamespace: Handler<"delete-namespace"> = async (pass) => {
  await deleteNamespace(pass.deps.kube, pass.store.slug);
  return caughtUp(pass, (snap) => !snap.namespace || snap.namespace.terminating);
};

const unlock: Handler<"unlock"> = async (pass) => {
  const release = pass.release!; // decide() unlocks only a release it saw
  pass.log.warn("unlocking abandoned release", { status: release.status, revision: release.revision, ageMs: release.ageMs });
  await dropReleaseRevision(pass.deps.kube, pass.store.slug, release.revision);
  await pass.timeline.note("repair", `Recovered an interrupted Helm operation: revision ${release.revision} was left ${release.status}`);
  return CONTINUE;
};

/** The first install failed: nothing was ever deployed, so removing it loses no data. */
const resetRelease: Handler<"reset-release"> = (pass) => uninstall(pass, { type: "uninstall" });

/**
 * Ends the pass to wait for the cluster, within the attempt's deadline: the first wait of an
 * attempt records it, so it survives requeues and worker restarts.
 */
async function waitOnCluster(pass: StorePass, what: string, recheckMs = WAIT_RECHECK_MS): Promise<Handled> {
  const { store, deps } = pass;
  const now = Date.now();
  const key = `${store.generation}:${store.failureCount}`;
  let deadline = store.progressKey === key ? (store.progressDeadline?.getTime() ?? 0) : 0;
  if (!deadline) {
    deadline = now + deps.readyTimeoutMs;
    await pass.set({ progressKey: key, progressDeadline: new Date(deadline) });
    Object.assign(store, { progressKey: key, progressDeadline: new Date(deadline) });
  }
  if (now >= deadline) {
    const seconds = Math.round(deps.readyTimeoutMs / 1000);
    throw new StoreFailure(
      (await diagnose(pass)) ?? { reason: "timeout", message: `Timed out after ${seconds} s waiting for ${what}`, hint: "The platform retries automatically.", permanent: false },
    );
  }
  return { kind: "wait", requeueMs: Math.min(deadline - now, recheckMs) };
}

async function diagnose(pass: StorePass): Promise<Failure | null> {
  if (!pass.view || !pass.view.workloadsPresent) return null;
  return classifyWorkloads(pass.view.pods, await warningEvents(pass.deps.kube, pass.store.slug));
}

/**
 * A problem seen in the pods (image pull, crash loop, quota...) fails the attempt only once it
 * has lasted failFastMs, so one transient ErrImagePull does not fail a store that would recover.
 * Returns how soon to look again.
 */
async function checkPods(pass: StorePass): Promise<number> {
  const { deps, store } = pass;
  const problem = await diagnose(pass);
  if (!problem) {
    deps.memory.problems.delete(store.id);
    return WAIT_RECHECK_MS;
  }
  const now = Date.now();
  const seen = deps.memory.problems.get(store.id);
  const since = seen?.reason === problem.reason ? seen.sinceMs : now;
  deps.memory.problems.set(store.id, { reason: problem.reason, sinceMs: since });
  if (now - since >= deps.failFastMs) throw new StoreFailure(problem);
  return since + deps.failFastMs - now;
}

const waitReady: Handler<"wait-ready"> = async (pass) => waitOnCluster(pass, "the store to become ready", await checkPods(pass));

/**
 * WordPress is stopped (or, for a new store, never started) and MariaDB runs: the restore Job
 * (lib/backups/job.ts) replaces the database and wp-content with the backup's, read from the
 * prefix of the store it was made of (another store's, for a clone). Started once, looked at until it ends, then removed;
 * the store then starts WordPress again. A failed restore fails the store with the Job's reason
 * (the data may be partly restored): retry brings it back as it is.
 */
const restore: Handler<"restore"> = async (pass) => {
  const { deps, store, names } = pass;
  const backupId = store.restoreBackupId!;
  if (!deps.restore) throw new StoreFailure({ reason: "internal", message: "Backups are not configured on this worker: the restore cannot run", hint: "Ask an administrator to configure the object store (BACKUP_S3_*).", permanent: true });
  const ref = { namespace: names.namespace, name: names.restoreJob(backupId) };
  const outcome = await readDataJob(deps.kube, ref);
  if (outcome.state === "missing") {
    const values = mergeValues(pass.version.chartDefaults, pass.values);
    const objectsOf = await backupStoreSlug(backupId);
    const job = restoreJob({ slug: store.slug, objectsOf, backupId, values, objectStore: deps.restore.objectStore, timeoutSeconds: deps.restore.timeoutSeconds });
    await startDataJob(deps.kube, jobSecret(job, deps.restore.keys), job);
    await pass.set({ statusMessage: "Restoring the backup: database and wp-content" });
    return { kind: "wait", requeueMs: RESTORE_RECHECK_MS };
  }
  if (outcome.state === "running") return { kind: "wait", requeueMs: RESTORE_RECHECK_MS };
  await removeDataJob(deps.kube, ref);
  await pass.endRestore();
  if (outcome.state !== "succeeded") {
    const why = outcome.state === "failed" ? outcome.reason : "the restore Job disappeared before it finished";
    throw new StoreFailure({ reason: "internal", message: `Restore failed: ${why}`, hint: "The store's data may be partly restored. Retry starts it again as it is; restore another backup to replace it.", permanent: true });
  }
  return CONTINUE;
};

export const HANDLERS: { [T in Action["type"]]: Handler<T> } = {
  "create-namespace": createNamespace,
  "refuse-foreign-namespace": async (pass) => {
    throw new StoreFailure(namespaceConflict(pass.names.namespace));
  },
  "wait-namespace-gone": (pass) => waitOnCluster(pass, "the namespace to be removed"),
  unlock,
  "wait-lock": async (pass) => {
    await pass.set({ statusMessage: "Waiting for a Helm operation in progress to finish" });
    return waitOnCluster(pass, "a Helm operation in progress to finish", LOCK_RECHECK_MS);
  },
  "reset-release": resetRelease,
  install,
  "grow-volumes": growVolumes,
  "expand-claim": expandClaim,
  "wait-ready": waitReady,
  "wait-scaled-down": (pass) => waitOnCluster(pass, "the store's pods to stop"),
  // Bounded by the backup's own timeout (BACKUP_TIMEOUT_SECONDS), not by the store's deadline;
  // the backup runner wakes the store when the backup ends.
  "wait-backup": async (pass) => {
    await pass.set({ statusMessage: "Waiting for the final backup to finish" });
    return { kind: "wait", requeueMs: BACKUP_RECHECK_MS };
  },
  restore,
  uninstall,
  "delete-namespace": deleteStoreNamespace,
  "in-sync": async () => ({ kind: "settled" }),
};
