// The names and labels of a store's objects in the cluster: the contract between the portal, the
// worker, the Kubernetes adapter and charts/woocommerce-store (docs/architecture.md, "Contracts").
// Every name of a store's cluster object is built here and nowhere else.

/** Labels the worker puts on each store namespace; the admission policy checks them. */
export const STORE_LABELS = {
  managedBy: "app.kubernetes.io/managed-by",
  storeId: "storefleet.io/store-id",
  ownerId: "storefleet.io/owner-id",
} as const;
export const MANAGED_BY_STOREFLEET = "storefleet";

/** Selects every store namespace. */
export const STORE_NAMESPACE_SELECTOR = `${STORE_LABELS.managedBy}=${MANAGED_BY_STOREFLEET}`;
/** Selects every object charts/woocommerce-store renders (its `app.kubernetes.io/part-of`). */
export const STORE_CHART_SELECTOR = "app.kubernetes.io/part-of=storefleet";

const NAMESPACE_PREFIX = "store-";

export interface StoreObjectNames {
  namespace: string;
  /** Helm release name (the slug). */
  release: string;
  /** Secret with the generated passwords; key `admin-password` is the WordPress admin's. */
  credentialsSecret: string;
  /** WordPress: Deployment, Service, Ingress or HTTPRoute, PersistentVolumeClaim and NetworkPolicy. */
  wordpress: string;
  /** MariaDB: StatefulSet, Service and NetworkPolicy. */
  mariadb: string;
  /** Backups: the chart's ConfigMap of scripts and NetworkPolicy (templates/backup.yaml). */
  backup: string;
  /** The Job (and its object-store key Secret) of one backup, and of its restore. */
  backupJob(backupId: string): string;
  restoreJob(backupId: string): string;
  /** The MariaDB data claim, made by the StatefulSet from its `data` volumeClaimTemplate (one replica). */
  mariadbClaim: string;
  /** Helm's storage record of one revision (the "secret" driver). */
  releaseSecret(revision: number): string;
  /** Label selector of everything the release renders. */
  instanceSelector: string;
}

export function storeObjects(slug: string): StoreObjectNames {
  const release = slug;
  return {
    namespace: `${NAMESPACE_PREFIX}${slug}`,
    release,
    credentialsSecret: `${release}-credentials`,
    wordpress: `${release}-wordpress`,
    mariadb: `${release}-mariadb`,
    backup: `${release}-backup`,
    // At most 30 + 8 + 25 (a cuid) = 63 characters, the limit of the `job-name` label.
    backupJob: (backupId) => `${release}-backup-${backupId}`,
    // 30 + 9 + 25 = 64 would pass the label limit: the restore Job is named with "rst".
    restoreJob: (backupId) => `${release}-rst-${backupId}`,
    mariadbClaim: `data-${release}-mariadb-0`,
    releaseSecret: (revision) => `sh.helm.release.v1.${release}.v${revision}`,
    instanceSelector: `app.kubernetes.io/instance=${release}`,
  };
}

export function storeNamespace(slug: string): string {
  return storeObjects(slug).namespace;
}

/** The slug of a store namespace's name, or null for any other namespace. */
export function slugOfNamespace(namespace: string): string | null {
  return namespace.startsWith(NAMESPACE_PREFIX) ? namespace.slice(NAMESPACE_PREFIX.length) : null;
}

/** The labels of a store's namespace. */
export function storeNamespaceLabels(storeId: string, ownerId: string, podSecurityLevel: "restricted" | "baseline"): Record<string, string> {
  return {
    [STORE_LABELS.managedBy]: MANAGED_BY_STOREFLEET,
    [STORE_LABELS.storeId]: storeId,
    [STORE_LABELS.ownerId]: ownerId,
    "pod-security.kubernetes.io/enforce": podSecurityLevel,
    "pod-security.kubernetes.io/warn": podSecurityLevel,
    "pod-security.kubernetes.io/audit": podSecurityLevel,
  };
}

/** A namespace with these labels belongs to that store, and to nothing else. */
export function namespaceBelongsTo(labels: Record<string, string> | undefined, storeId: string): boolean {
  return labels?.[STORE_LABELS.managedBy] === MANAGED_BY_STOREFLEET && labels?.[STORE_LABELS.storeId] === storeId;
}
