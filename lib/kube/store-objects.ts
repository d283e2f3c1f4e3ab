// What the worker reads and writes directly in a store's namespace. Everything inside the
// namespace except the namespace itself is owned by the Helm release.
import { PatchStrategy, setHeaderOptions, type V1ContainerStatus, type V1Pod } from "@kubernetes/client-node";
import type { ContainerDiag, EventDiag, PodDiag } from "@/lib/worker/classify";
import { storeNamespace } from "@/lib/stores/naming";
import { ignoreStatus, orNull, type Kube } from "./client";
import type { WatchTarget } from "./watch";


export interface NamespaceLabels {
  storeId: string;
  ownerId: string;
  podSecurityLevel: "restricted" | "baseline";
}

/** The portal's ServiceAccount and the ClusterRole (secrets: get) it gets in each store namespace. */
export interface PortalAccess {
  namespace: string;
  serviceAccount: string;
  clusterRole: string;
}

/** Name of the RoleBinding that lets the portal read a store's credentials Secret. */
export const PORTAL_BINDING = "storefleet-portal-credentials";

/**
 * Creates the store's namespace, or fixes its labels if it exists (idempotent). With `portal`,
 * also binds the portal's credentials reader role in it: a RoleBinding per store namespace keeps
 * the portal out of every other namespace's Secrets, which a ClusterRoleBinding would not.
 */
export async function ensureNamespace(kube: Kube, slug: string, l: NamespaceLabels, portal?: PortalAccess): Promise<void> {
  await ensureNamespaceOnly(kube, slug, l);
  if (portal) await ensurePortalBinding(kube, storeNamespace(slug), portal);
}

async function ensurePortalBinding(kube: Kube, namespace: string, p: PortalAccess): Promise<void> {
  // Create-only (409 = already there): the worker needs no get/patch on RoleBindings, and the
  // binding lives and dies with the namespace.
  await ignoreStatus(
    kube.rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: PORTAL_BINDING, labels: { "app.kubernetes.io/managed-by": "storefleet" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: p.clusterRole },
        subjects: [{ kind: "ServiceAccount", namespace: p.namespace, name: p.serviceAccount }],
      },
    }),
    409,
  );
}

async function ensureNamespaceOnly(kube: Kube, slug: string, l: NamespaceLabels): Promise<void> {
  const labels = {
    "app.kubernetes.io/managed-by": "storefleet",
    "storefleet.io/store-id": l.storeId,
    "storefleet.io/owner-id": l.ownerId,
    "pod-security.kubernetes.io/enforce": l.podSecurityLevel,
    "pod-security.kubernetes.io/warn": l.podSecurityLevel,
    "pod-security.kubernetes.io/audit": l.podSecurityLevel,
  };
  const name = storeNamespace(slug);
  const existing = await orNull(kube.core.readNamespace({ name }));
  if (!existing) {
    await ignoreStatus(kube.core.createNamespace({ body: { metadata: { name, labels } } }), 409);
    return;
  }
  const other = existing.metadata?.labels?.["storefleet.io/store-id"];
  if (other && other !== l.storeId) {
    // A namespace of another store with the same slug (its deletion not finished): never adopt it.
    throw new Error(`namespace ${name} belongs to store ${other}`);
  }
  const current = existing.metadata?.labels ?? {};
  if (Object.entries(labels).some(([k, v]) => current[k] !== v)) {
    await kube.core.patchNamespace({ name, body: { metadata: { labels } } }, k8sMergePatch);
  }
}

// client-node 1.x picks the patch content type from a middleware option.
const k8sMergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export async function namespaceState(kube: Kube, slug: string): Promise<"absent" | "active" | "terminating"> {
  const ns = await orNull(kube.core.readNamespace({ name: storeNamespace(slug) }));
  if (!ns) return "absent";
  return ns.metadata?.deletionTimestamp || ns.status?.phase === "Terminating" ? "terminating" : "active";
}

export async function deleteNamespace(kube: Kube, slug: string): Promise<void> {
  await ignoreStatus(kube.core.deleteNamespace({ name: storeNamespace(slug), propagationPolicy: "Foreground" }), 404);
}

/**
 * Marks an abandoned pending-* release revision as gone by deleting its Helm storage record
 * (Secret sh.helm.release.v1.<release>.v<revision>, the default "secret" driver). The release then
 * falls back to its previous revision, or to "absent" if it never deployed; the next
 * `helm upgrade --install` adopts the objects the interrupted run had created (they carry the
 * release's meta.helm.sh annotations), so no data is lost, unlike an uninstall.
 */
export async function dropReleaseRevision(kube: Kube, slug: string, revision: number): Promise<void> {
  await ignoreStatus(kube.core.deleteNamespacedSecret({ name: `sh.helm.release.v1.${slug}.v${revision}`, namespace: storeNamespace(slug) }), 404);
}

export interface WorkloadView {
  workloadsPresent: boolean;
  ready: boolean;
  scaledDown: boolean;
  claims: number;
  steps: { secrets: boolean; database: boolean; wordpress: boolean; bootstrap: boolean; ingress: boolean };
  pods: PodDiag[];
}

const selector = (slug: string) => `app.kubernetes.io/instance=${slug}`;

export async function observeWorkloads(kube: Kube, slug: string): Promise<WorkloadView> {
  const namespace = storeNamespace(slug);
  const [deploy, sts, pods, claims, secret, ingress] = await Promise.all([
    orNull(kube.apps.readNamespacedDeployment({ name: `${slug}-wordpress`, namespace })),
    orNull(kube.apps.readNamespacedStatefulSet({ name: `${slug}-mariadb`, namespace })),
    kube.core.listNamespacedPod({ namespace, labelSelector: selector(slug) }),
    kube.core.listNamespacedPersistentVolumeClaim({ namespace }),
    orNull(kube.core.readNamespacedSecret({ name: `${slug}-credentials`, namespace })),
    orNull(kube.net.readNamespacedIngress({ name: `${slug}-wordpress`, namespace })),
  ]);
  const dbReady =
    !!sts &&
    (sts.spec?.replicas ?? 1) > 0 &&
    (sts.status?.observedGeneration ?? 0) >= (sts.metadata?.generation ?? 0) &&
    (sts.status?.readyReplicas ?? 0) >= (sts.spec?.replicas ?? 1) &&
    (sts.status?.currentRevision ?? "") === (sts.status?.updateRevision ?? "");
  const want = deploy?.spec?.replicas ?? 1;
  // Available alone is not enough: right after an upgrade the old ReplicaSet still counts.
  const wpReady =
    !!deploy &&
    want > 0 &&
    (deploy.status?.observedGeneration ?? 0) >= (deploy.metadata?.generation ?? 0) &&
    (deploy.status?.updatedReplicas ?? 0) >= want &&
    (deploy.status?.replicas ?? 0) === (deploy.status?.updatedReplicas ?? 0) &&
    !!deploy.status?.conditions?.some((c) => c.type === "Available" && c.status === "True");
  const wpPods = pods.items.filter((p) => p.metadata?.labels?.["app.kubernetes.io/component"] === "wordpress");
  const initDone = (name: string) =>
    wpPods.some(
      (p) =>
        p.status?.initContainerStatuses?.some((c) => c.name === name && c.state?.terminated?.exitCode === 0) ||
        p.status?.conditions?.some((c) => c.type === "Initialized" && c.status === "True"),
    );
  return {
    workloadsPresent: !!deploy && !!sts,
    ready: dbReady && wpReady,
    scaledDown: !!deploy && !!sts && deploy.spec?.replicas === 0 && sts.spec?.replicas === 0 && pods.items.length === 0,
    claims: claims.items.length,
    steps: {
      secrets: !!secret,
      database: dbReady,
      wordpress: initDone("install-wordpress"),
      bootstrap: initDone("bootstrap"),
      ingress: !!ingress,
    },
    pods: pods.items.map(podDiag),
  };
}

function podDiag(p: V1Pod): PodDiag {
  const containers: ContainerDiag[] = [];
  const add = (init: boolean, list: V1ContainerStatus[] | undefined) => {
    for (const c of list ?? []) {
      containers.push({
        name: c.name,
        init,
        waitingReason: c.state?.waiting?.reason,
        waitingMessage: c.state?.waiting?.message,
        terminatedExitCode: c.state?.terminated?.exitCode ?? c.lastState?.terminated?.exitCode,
        restartCount: c.restartCount ?? 0,
      });
    }
  };
  add(true, p.status?.initContainerStatuses);
  add(false, p.status?.containerStatuses);
  const unsched = p.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable");
  return { name: p.metadata?.name ?? "", containers, unschedulableMessage: unsched?.message };
}

/** Warning events of the namespace (quota refusals, scheduling failures), newest last. */
export async function warningEvents(kube: Kube, slug: string): Promise<EventDiag[]> {
  const list = await kube.core.listNamespacedEvent({ namespace: storeNamespace(slug), fieldSelector: "type=Warning" });
  return list.items.map((e) => ({ reason: e.reason ?? "", message: e.message ?? "" }));
}

/** Watch paths covering everything observeWorkloads reads. */
export function workloadWatchPaths(slug: string): WatchTarget[] {
  const ns = storeNamespace(slug);
  return [`/api/v1/namespaces/${ns}/pods`, `/apis/apps/v1/namespaces/${ns}/deployments`, `/apis/apps/v1/namespaces/${ns}/statefulsets`, `/api/v1/namespaces/${ns}/events`].map((path) => ({ path }));
}

export function namespaceWatchPaths(slug: string): WatchTarget[] {
  const ns = storeNamespace(slug);
  return [
    { path: "/api/v1/namespaces", query: { fieldSelector: `metadata.name=${ns}` } },
    { path: `/api/v1/namespaces/${ns}/persistentvolumeclaims` },
  ];
}
