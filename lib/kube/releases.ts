// A store's Helm release history, read from Helm's storage records (the default "secret" driver)
// with one API call instead of starting `helm history`: the status, revision and times are in the
// records' labels, so nothing is decoded.
import type { V1Secret } from "@kubernetes/client-node";
import { storeObjects } from "@/lib/stores/cluster-objects";
import type { Kube } from "./client";

export interface ReleaseRecord {
  revision: number;
  /** deployed, superseded, failed, uninstalled, pending-install, pending-upgrade, pending-rollback */
  status: string;
  /** When Helm last wrote the record (ms since epoch), or null when no time could be read. */
  writtenAtMs: number | null;
}

/** Helm labels its records with Unix seconds (createdAt, and modifiedAt after an update). */
export function recordOf(secret: Pick<V1Secret, "metadata">): ReleaseRecord | null {
  const labels = secret.metadata?.labels ?? {};
  const revision = Number(labels.version);
  if (!Number.isInteger(revision) || revision < 1 || !labels.status) return null;
  const seconds = [labels.modifiedAt, labels.createdAt].map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const created = secret.metadata?.creationTimestamp ? new Date(secret.metadata.creationTimestamp).getTime() : NaN;
  const writtenAtMs = seconds.length ? Math.max(...seconds) * 1000 : Number.isFinite(created) ? created : null;
  return { revision, status: labels.status, writtenAtMs };
}

export async function releaseHistory(kube: Kube, slug: string): Promise<ReleaseRecord[]> {
  const names = storeObjects(slug);
  const list = await kube.core.listNamespacedSecret({ namespace: names.namespace, labelSelector: `owner=helm,name=${names.release}` });
  return list.items.map(recordOf).filter((r): r is ReleaseRecord => r !== null).sort((a, b) => a.revision - b.revision);
}
