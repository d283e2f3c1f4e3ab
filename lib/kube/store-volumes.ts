// Growing a store's volumes, which Helm cannot do alone: a StatefulSet's volumeClaimTemplates are
// immutable, and the claim the StatefulSet made from its template is not in the release. The worker
// reads the claims and their StorageClasses, deletes the StatefulSet while leaving its pod and
// claim in place (Helm then makes it again with the new template, and it adopts them), and asks
// the API server to expand the MariaDB claim. The rules are lib/stores/storage.ts's.
import type { ClaimInfo } from "@/lib/stores/storage";
import { STORE_CHART_SELECTOR, storeObjects } from "@/lib/stores/cluster-objects";
import { ignoreStatus, orNull, type Kube } from "./client";
import { k8sMergePatch } from "./store-objects";

/** The store's claims (the chart's and the StatefulSet's), with their class and whether they are bound. */
export async function storeClaims(kube: Kube, slug: string): Promise<ClaimInfo[]> {
  const list = await kube.core.listNamespacedPersistentVolumeClaim({ namespace: storeObjects(slug).namespace, labelSelector: STORE_CHART_SELECTOR });
  return list.items.map((c) => ({ name: c.metadata?.name ?? "", storageClass: c.spec?.storageClassName ?? null, bound: c.status?.phase === "Bound" }));
}

/** Which of these StorageClasses allow volume expansion (a class that does not exist does not). */
export async function expandableClasses(kube: Kube, names: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const name of new Set(names)) {
    const sc = await orNull(kube.storage.readStorageClass({ name }));
    if (sc?.allowVolumeExpansion) out.add(name);
  }
  return out;
}

/** How long the StatefulSet controller has to take in the claim retention policy set before the
 * orphaning delete. */
const RETAIN_OBSERVED_MS = 15_000;

/** Deletes the MariaDB StatefulSet but not its pod or claim, so that Helm can make it again with a
 * new volumeClaimTemplate; until then the database keeps running. */
export async function orphanStatefulSet(kube: Kube, slug: string): Promise<void> {
  const names = storeObjects(slug);
  if (!(await retainMariadbClaim(kube, slug))) return;
  await disownMariadbClaim(kube, slug);
  await ignoreStatus(kube.apps.deleteNamespacedStatefulSet({ name: names.mariadb, namespace: names.namespace, propagationPolicy: "Orphan" }), 404);
}

/**
 * Under the chart's claim retention policy (whenDeleted: Delete) the StatefulSet owns its claim,
 * and its controller puts that ownership back whenever it syncs. Taken off just before the delete,
 * a sync in between could put it back too late for the garbage collector's orphaning: the claim
 * would be left owned by a StatefulSet that no longer exists and collected with the store's data. So the StatefulSet is first told to retain its claim, and the
 * delete waits until the controller has seen that (it then drops its ownership itself and never
 * puts it back). False when there is no StatefulSet, or it is already being deleted.
 */
async function retainMariadbClaim(kube: Kube, slug: string): Promise<boolean> {
  const names = storeObjects(slug);
  const patched = await orNull(
    kube.apps.patchNamespacedStatefulSet(
      { name: names.mariadb, namespace: names.namespace, body: { spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" } } } },
      k8sMergePatch,
    ),
  );
  if (!patched) return false;
  const generation = patched.metadata?.generation ?? 0;
  const deadline = Date.now() + RETAIN_OBSERVED_MS;
  for (;;) {
    const set = await orNull(kube.apps.readNamespacedStatefulSet({ name: names.mariadb, namespace: names.namespace }));
    if (!set || set.metadata?.deletionTimestamp) return false;
    if ((set.status?.observedGeneration ?? 0) >= generation) return true;
    if (Date.now() > deadline) throw new Error(`the StatefulSet ${names.mariadb} did not take in its claim retention policy within ${RETAIN_OBSERVED_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Takes the StatefulSet off the MariaDB claim's owners, where it still is one. The StatefulSet
 * made again by Helm takes the claim back. */
async function disownMariadbClaim(kube: Kube, slug: string): Promise<void> {
  const names = storeObjects(slug);
  const claim = await orNull(kube.core.readNamespacedPersistentVolumeClaim({ name: names.mariadbClaim, namespace: names.namespace }));
  const owners = claim?.metadata?.ownerReferences ?? [];
  const kept = owners.filter((o) => o.kind !== "StatefulSet");
  if (kept.length === owners.length) return;
  await kube.core.patchNamespacedPersistentVolumeClaim(
    { name: names.mariadbClaim, namespace: names.namespace, body: { metadata: { ownerReferences: kept, resourceVersion: claim!.metadata!.resourceVersion } } },
    k8sMergePatch,
  );
}

/** Asks for a larger MariaDB claim; the API server refuses it unless its class allows expansion. */
export async function expandMariadbClaim(kube: Kube, slug: string, storage: string): Promise<void> {
  const names = storeObjects(slug);
  await kube.core.patchNamespacedPersistentVolumeClaim(
    { name: names.mariadbClaim, namespace: names.namespace, body: { spec: { resources: { requests: { storage } } } } },
    k8sMergePatch,
  );
}
