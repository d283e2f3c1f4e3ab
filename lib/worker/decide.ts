// Works out the state of a store from the observed world, then picks the one next action, in
// the manner of Flux helm-controller (DetermineReleaseState → actionForState). Pure and small
// so every branch is unit-tested; lib/worker/reconcile.ts runs the action's handler and asks again.
import type { Desired } from "@/lib/stores/lifecycle";

export interface ReleaseInfo {
  /** Status of the latest revision: deployed, failed, pending-install, pending-upgrade, ... */
  status: string;
  revision: number;
  /** Some revision of the history reached `deployed`. */
  everDeployed: boolean;
  /** Age of the latest revision, or null when Helm's record carries no readable time. */
  ageMs: number | null;
}

export interface Observed {
  /** `foreign`: a namespace of that name exists but is not this store's (labels). */
  namespace: "absent" | "ours" | "foreign" | "terminating";
  release: ReleaseInfo | null;
  /** The Deployment and the StatefulSet both exist. */
  workloadsPresent: boolean;
  /** StatefulSet ready and Deployment Available with all replicas updated. */
  ready: boolean;
  /** No pod of the store runs (suspended). */
  scaledDown: boolean;
  /** WordPress runs no pod while its database is ready (a restore may begin). */
  wordpressStopped: boolean;
  /** What differs between the live objects and what the release applied (null: nothing, or not
   * known yet because no release was applied by this worker version). */
  drift: string | null;
  /** The applied state is unknown (never recorded): re-apply once to learn it. */
  appliedStateUnknown: boolean;
  /** The MariaDB claim asks for less storage than its StatefulSet's template (after a resize). */
  claimBehind: boolean;
}

export type Action =
  | { type: "create-namespace" }
  | { type: "refuse-foreign-namespace" }
  | { type: "wait-namespace-gone" }
  | { type: "unlock" }
  | { type: "wait-lock" }
  | { type: "reset-release" }
  | { type: "install"; why: string; drift?: string }
  | { type: "grow-volumes"; to: string }
  | { type: "expand-claim" }
  | { type: "wait-ready" }
  | { type: "wait-scaled-down" }
  | { type: "wait-backup" }
  | { type: "restore" }
  | { type: "uninstall" }
  | { type: "delete-namespace" }
  | { type: "in-sync" };

export interface DecideInput {
  desired: Desired;
  desiredDigest: string;
  appliedDigest: string | null;
  observed: Observed;
  /** A pending-* release older than this is abandoned (its helm process died). */
  staleLockMs: number;
  /** A backup of the store is queued or running (lib/worker/backups.ts): a delete waits for it. */
  backupInFlight?: boolean;
  /** The storage the volumes should grow to (lib/stores/storage.ts#storageToGrow), or null. */
  growTo: string | null;
  /** A backup is to be restored into the store (its restoreBackupId). */
  restoring?: boolean;
}

const PENDING = new Set(["pending-install", "pending-upgrade", "pending-rollback"]);

export function decide(input: DecideInput): Action {
  const o = input.observed;
  // Never touch, adopt or delete a namespace that is not this store's.
  if (o.namespace === "foreign") return input.desired === "absent" ? { type: "in-sync" } : { type: "refuse-foreign-namespace" };
  const locked = o.release !== null && PENDING.has(o.release.status);
  if (locked) {
    // Helm refuses every operation on a locked release ("another operation is in progress"),
    // uninstall included; a lock younger than the lease may still belong to a live helm process,
    // and one whose time cannot be read is never taken for an abandoned one.
    const age = o.release!.ageMs;
    return age !== null && age >= input.staleLockMs ? { type: "unlock" } : { type: "wait-lock" };
  }
  return input.desired === "absent" ? decideAbsent(o, input.backupInFlight ?? false) : decidePresent(input);
}

function decideAbsent(o: Observed, backupInFlight: boolean): Action {
  // The final backup reads the running store: uninstall only once it is done.
  if (o.release && o.release.status !== "uninstalled") return backupInFlight ? { type: "wait-backup" } : { type: "uninstall" };
  if (o.namespace === "ours") return { type: "delete-namespace" };
  if (o.namespace === "terminating") return { type: "wait-namespace-gone" };
  return { type: "in-sync" };
}

function decidePresent({ desired, desiredDigest, appliedDigest, growTo, restoring, observed: o }: DecideInput): Action {
  // Never install into a namespace that is going away: its objects would vanish with it.
  if (o.namespace === "terminating") return { type: "wait-namespace-gone" };
  if (o.namespace === "absent") return { type: "create-namespace" };
  if (!o.release || o.release.status === "uninstalled") return { type: "install", why: "release absent" };
  if (o.release.status === "failed" && !o.release.everDeployed) return { type: "reset-release" };
  if (o.release.status !== "deployed") return { type: "install", why: `release ${o.release.status}` };
  if (appliedDigest !== desiredDigest) return { type: "install", why: "chart or values changed" };
  // Once the new size's quota is applied (the API server checks a larger claim against it), and
  // before the upgrade that sizes the volumes: the StatefulSet's template cannot change in place.
  if (growTo) return { type: "grow-volumes", to: growTo };
  if (!o.workloadsPresent) return { type: "install", why: "workloads missing", drift: o.drift ?? "the WordPress Deployment or MariaDB StatefulSet was missing" };
  if (o.drift) return { type: "install", why: "drift", drift: o.drift };
  if (o.appliedStateUnknown) return { type: "install", why: "applied state unknown" };
  // After the upgrade, which raised the quota the larger claim must fit in.
  if (o.claimBehind) return { type: "expand-claim" };
  // The release already stops WordPress (wordpress.paused): once its pod is gone, restore.
  if (restoring) return o.wordpressStopped ? { type: "restore" } : { type: "wait-scaled-down" };
  if (desired === "suspended") return o.scaledDown ? { type: "in-sync" } : { type: "wait-scaled-down" };
  return o.ready ? { type: "in-sync" } : { type: "wait-ready" };
}
