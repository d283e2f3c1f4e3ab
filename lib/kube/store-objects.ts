// What the worker writes directly in the cluster for a store, besides what Helm applies: the
// namespace (with its RoleBindings), its deletion, and the recovery of an abandoned Helm lock
// (growing volumes is lib/kube/store-volumes.ts). Everything else inside the namespace is owned by
// the Helm release. Reads go through the worker's watch cache (lib/worker/cluster-cache.ts), not
// through here.
import { PatchStrategy, setHeaderOptions, type V1ResourceAttributes } from "@kubernetes/client-node";
import type { EventDiag } from "@/lib/worker/classify";
import { namespaceBelongsTo, storeNamespaceLabels, storeObjects } from "@/lib/stores/cluster-objects";
import { ignoreStatus, orNull, type Kube } from "./client";

export interface NamespaceLabels {
  storeId: string;
  ownerId: string;
  podSecurityLevel: "restricted" | "baseline";
}

/**
 * A RoleBinding the worker makes in every store namespace: a fixed ClusterRole for one
 * ServiceAccount. In a cluster these grant the worker its write rights there (the store-manager
 * role) and the portal its credentials reader role; the admission policy of charts/storefleet
 * allows no other binding.
 */
export interface NamespaceGrant {
  /** RoleBinding name. */
  name: string;
  clusterRole: string;
  serviceAccount: { namespace: string; name: string };
  /** The grant is the worker's own: wait until the API server's authorizer honours it. */
  self?: boolean;
}

/** A namespace of the store's name exists and is not the store's: it is never touched. */
export class ForeignNamespaceError extends Error {
  constructor(readonly namespace: string) {
    super(`namespace ${namespace} exists and belongs to something else`);
    this.name = "ForeignNamespaceError";
  }
}

/**
 * Creates the store's namespace, or fixes its labels if it is already the store's (idempotent),
 * then makes the grants. A RoleBinding per store namespace keeps each identity out of every other
 * namespace, which a ClusterRoleBinding would not.
 */
export async function ensureNamespace(kube: Kube, slug: string, l: NamespaceLabels, grants: NamespaceGrant[] = []): Promise<void> {
  const { namespace } = storeObjects(slug);
  await ensureNamespaceOnly(kube, namespace, l);
  for (const grant of grants) await ensureGrant(kube, namespace, grant);
  if (grants.some((g) => g.self)) await waitUntilAllowed(kube, { verb: "create", resource: "secrets", namespace });
}

async function ensureNamespaceOnly(kube: Kube, name: string, l: NamespaceLabels): Promise<void> {
  const labels = storeNamespaceLabels(l.storeId, l.ownerId, l.podSecurityLevel);
  const existing = await orNull(kube.core.readNamespace({ name }));
  if (!existing) {
    try {
      await kube.core.createNamespace({ body: { metadata: { name, labels } } });
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== 409) throw error;
      return ensureNamespaceOnly(kube, name, l); // created meanwhile: check whose it is
    }
  }
  const current = existing.metadata?.labels ?? {};
  if (!namespaceBelongsTo(current, l.storeId)) throw new ForeignNamespaceError(name);
  if (Object.entries(labels).some(([k, v]) => current[k] !== v)) {
    await kube.core.patchNamespace({ name, body: { metadata: { labels } } }, k8sMergePatch);
  }
}

async function ensureGrant(kube: Kube, namespace: string, g: NamespaceGrant): Promise<void> {
  // Create-only (409 = already there): the worker needs no get/patch on RoleBindings, and the
  // binding lives and dies with the namespace.
  await ignoreStatus(
    kube.rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: g.name, labels: { "app.kubernetes.io/managed-by": "storefleet" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: g.clusterRole },
        subjects: [{ kind: "ServiceAccount", namespace: g.serviceAccount.namespace, name: g.serviceAccount.name }],
      },
    }),
    409,
  );
}

/** RBAC takes effect through the API server's caches; Helm must not start before it has. */
async function waitUntilAllowed(kube: Kube, attributes: V1ResourceAttributes, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const review = await kube.authz.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attributes } } });
    if (review.status?.allowed) return;
    if (Date.now() > deadline) throw new Error(`the worker's RoleBinding in ${attributes.namespace} did not take effect within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// client-node 1.x picks the patch content type from a middleware option.
export const k8sMergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export async function deleteNamespace(kube: Kube, slug: string): Promise<void> {
  await ignoreStatus(kube.core.deleteNamespace({ name: storeObjects(slug).namespace, propagationPolicy: "Foreground" }), 404);
}

/**
 * Marks an abandoned pending-* release revision as gone by deleting its Helm storage record. The
 * release then falls back to its previous revision, or to "absent" if it never deployed; the next
 * `helm upgrade --install` adopts the objects the interrupted run had created (they carry the
 * release's meta.helm.sh annotations), so no data is lost, unlike an uninstall.
 */
export async function dropReleaseRevision(kube: Kube, slug: string, revision: number): Promise<void> {
  const names = storeObjects(slug);
  await ignoreStatus(kube.core.deleteNamespacedSecret({ name: names.releaseSecret(revision), namespace: names.namespace }), 404);
}

/** Warning events of the namespace (quota refusals, scheduling failures), newest last. */
export async function warningEvents(kube: Kube, slug: string): Promise<EventDiag[]> {
  const list = await kube.core.listNamespacedEvent({ namespace: storeObjects(slug).namespace, fieldSelector: "type=Warning" });
  return list.items.map((e) => ({ reason: e.reason ?? "", message: e.message ?? "" }));
}
