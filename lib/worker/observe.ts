// Reads a store's state out of the cluster cache's snapshot of its namespace: ownership,
// workloads, readiness, progress steps and drift. Pure; used by the reconcile pass and the resync.
import type { ReleaseRecord } from "@/lib/kube/releases";
import { namespaceBelongsTo, storeObjects } from "@/lib/stores/cluster-objects";
import { compareStorage } from "@/lib/stores/storage";
import type { PodDiag } from "./classify";
import { ownedOf, type StoreSnapshot, type WorkloadStatus } from "./cluster-cache";
import type { Observed, ReleaseInfo } from "./decide";
import { describeDrift, findDrift, type OwnedState } from "./drift";

export interface WorkloadView {
  workloadsPresent: boolean;
  ready: boolean;
  scaledDown: boolean;
  wordpressStopped: boolean;
  claims: number;
  steps: { secrets: boolean; database: boolean; wordpress: boolean; bootstrap: boolean; ingress: boolean };
  pods: PodDiag[];
}

function databaseReady(s: WorkloadStatus | undefined): boolean {
  return (
    !!s && s.specReplicas > 0 && s.observedGeneration >= s.generation && s.readyReplicas >= s.specReplicas && s.revisionsMatch
  );
}

/** Available alone is not enough: right after an upgrade the old ReplicaSet still counts. */
function wordpressReady(s: WorkloadStatus | undefined): boolean {
  return (
    !!s && s.specReplicas > 0 && s.observedGeneration >= s.generation && s.updatedReplicas >= s.specReplicas && s.replicas === s.updatedReplicas && s.available
  );
}

export function workloadView(snap: StoreSnapshot, slug: string): WorkloadView {
  const names = storeObjects(slug);
  const deployment = snap.objects.get(`Deployment/${names.wordpress}`)?.workload;
  const statefulSet = snap.objects.get(`StatefulSet/${names.mariadb}`)?.workload;
  const wpPods = snap.pods.filter((p) => p.component === "wordpress");
  const initDone = (name: string) => wpPods.some((p) => p.initialized || p.initDone.includes(name));
  const present = !!deployment && !!statefulSet;
  return {
    workloadsPresent: present,
    ready: databaseReady(statefulSet) && wordpressReady(deployment),
    scaledDown: present && deployment!.specReplicas === 0 && statefulSet!.specReplicas === 0 && snap.pods.length === 0,
    wordpressStopped: present && deployment!.specReplicas === 0 && wpPods.length === 0 && databaseReady(statefulSet),
    claims: [...snap.objects.keys()].filter((k) => k.startsWith("PersistentVolumeClaim/")).length,
    steps: {
      // Helm applies the release's objects together: the workloads are there once the Secret is.
      secrets: present,
      database: databaseReady(statefulSet),
      wordpress: initDone("install-wordpress"),
      bootstrap: initDone("bootstrap"),
      // The step keeps its first name; the route is an Ingress or an HTTPRoute (route mode).
      ingress: snap.objects.has(`Ingress/${names.wordpress}`) || snap.objects.has(`HTTPRoute/${names.wordpress}`),
    },
    pods: snap.pods.map((p) => p.diag),
  };
}

export function releaseInfo(history: ReleaseRecord[], nowMs: number): ReleaseInfo | null {
  const latest = history.at(-1);
  if (!latest) return null;
  return {
    status: latest.status,
    revision: latest.revision,
    everDeployed: history.some((h) => h.status === "deployed" || h.status === "superseded"),
    ageMs: latest.writtenAtMs === null ? null : Math.max(0, nowMs - latest.writtenAtMs),
  };
}

export function namespaceOwnership(snap: StoreSnapshot, storeId: string): Observed["namespace"] {
  if (!snap.namespace) return "absent";
  if (snap.namespace.terminating) return "terminating";
  return namespaceBelongsTo(snap.namespace.labels, storeId) ? "ours" : "foreign";
}

/** The live owned state of the objects the applied state names. */
function liveState(snap: StoreSnapshot, applied: OwnedState): Partial<OwnedState> {
  return Object.fromEntries(Object.keys(applied).map((ref) => [ref, ownedOf(snap.objects.get(ref))]));
}

export function driftOf(snap: StoreSnapshot, applied: OwnedState | null): string | null {
  if (!applied) return null;
  const items = findDrift(applied, liveState(snap, applied));
  return items.length ? describeDrift(items) : null;
}

/** The MariaDB claim exists and asks for less storage than `wanted` (its StatefulSet's template). */
export function claimBehind(snap: StoreSnapshot, slug: string, wanted: string): boolean {
  const live = (ownedOf(snap.objects.get(`PersistentVolumeClaim/${storeObjects(slug).mariadbClaim}`)) as { storage?: string } | undefined)?.storage;
  return !!live && compareStorage(live, wanted) < 0;
}

/** `claimSize`: the MariaDB claim size the store's values ask for (null when it is being deleted). */
export function observe(
  snap: StoreSnapshot,
  store: { id: string; slug: string },
  applied: OwnedState | null,
  release: ReleaseInfo | null,
  claimSize: string | null = null,
): { world: Observed; view: WorkloadView } {
  const namespace = namespaceOwnership(snap, store.id);
  const ours = namespace === "ours";
  const view = workloadView(snap, store.slug);
  return {
    world: {
      namespace,
      release: ours || namespace === "terminating" ? release : null,
      workloadsPresent: ours && view.workloadsPresent,
      ready: ours && view.ready,
      scaledDown: ours && view.scaledDown,
      wordpressStopped: ours && view.wordpressStopped,
      drift: ours ? driftOf(snap, applied) : null,
      appliedStateUnknown: ours && applied === null,
      claimBehind: ours && claimSize !== null && claimBehind(snap, store.slug, claimSize),
    },
    view,
  };
}
