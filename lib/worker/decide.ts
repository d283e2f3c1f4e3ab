// Works out the state of a store from the observed world, then picks the one next action, in
// the manner of Flux helm-controller (DetermineReleaseState → actionForState). Pure and small
// so every branch is unit-tested; lib/worker/reconcile.ts executes the action and asks again.

export type Desired = "present" | "suspended" | "absent";

export interface ReleaseInfo {
  /** Status of the latest revision: deployed, failed, pending-install, pending-upgrade, ... */
  status: string;
  revision: number;
  /** Some revision of the history reached `deployed`. */
  everDeployed: boolean;
  /** Age of the latest revision, to tell a live helm operation from an abandoned one. */
  ageMs: number;
}

export interface Observed {
  namespace: "absent" | "active" | "terminating";
  release: ReleaseInfo | null;
  /** The Deployment and the StatefulSet both exist. */
  workloadsPresent: boolean;
  /** StatefulSet ready and Deployment Available with all replicas updated. */
  ready: boolean;
  /** No pod of the store runs (suspended). */
  scaledDown: boolean;
  /** PersistentVolumeClaims left in the namespace. */
  claims: number;
}

export type Action =
  | { type: "create-namespace" }
  | { type: "wait-namespace-gone" }
  | { type: "unlock" }
  | { type: "wait-lock" }
  | { type: "reset-release" }
  | { type: "install"; why: string }
  | { type: "wait-ready" }
  | { type: "wait-scaled-down" }
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
}

const PENDING = new Set(["pending-install", "pending-upgrade", "pending-rollback"]);

export function decide({ desired, desiredDigest, appliedDigest, observed: o, staleLockMs }: DecideInput): Action {
  const locked = o.release !== null && PENDING.has(o.release.status);
  if (locked) {
    // Helm refuses every operation on a locked release ("another operation is in progress"),
    // uninstall included; a lock younger than the lease may still belong to a live helm process.
    return o.release!.ageMs >= staleLockMs ? { type: "unlock" } : { type: "wait-lock" };
  }
  if (desired === "absent") {
    if (o.release && o.release.status !== "uninstalled") return { type: "uninstall" };
    if (o.namespace === "active") return { type: "delete-namespace" };
    if (o.namespace === "terminating") return { type: "wait-namespace-gone" };
    return { type: "in-sync" };
  }
  // Never install into a namespace that is going away: its objects would vanish with it.
  if (o.namespace === "terminating") return { type: "wait-namespace-gone" };
  if (o.namespace === "absent") return { type: "create-namespace" };
  if (!o.release || o.release.status === "uninstalled") return { type: "install", why: "release absent" };
  if (o.release.status === "failed" && !o.release.everDeployed) return { type: "reset-release" };
  if (o.release.status !== "deployed") return { type: "install", why: `release ${o.release.status}` };
  if (appliedDigest !== desiredDigest) return { type: "install", why: "chart or values changed" };
  if (!o.workloadsPresent) return { type: "install", why: "workloads missing" };
  if (desired === "suspended") return o.scaledDown ? { type: "in-sync" } : { type: "wait-scaled-down" };
  return o.ready ? { type: "in-sync" } : { type: "wait-ready" };
}
