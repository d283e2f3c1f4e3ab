// Which RoleBindings the worker makes in each store namespace, from its settings (pure).
import type { NamespaceGrant } from "@/lib/kube/store-objects";

export interface GrantSettings {
  WORKER_SERVICE_ACCOUNT?: string;
  WORKER_STORE_ROLE: string;
  PORTAL_SERVICE_ACCOUNT?: string;
  PORTAL_CREDENTIALS_ROLE: string;
}

/** RoleBinding names in a store namespace; the admission policy and tests refer to them. */
export const WORKER_BINDING = "storefleet-worker-store-manager";
export const PORTAL_BINDING = "storefleet-portal-credentials";

function account(value: string): { namespace: string; name: string } {
  const [namespace, name] = value.split("/") as [string, string]; // shape checked by env.ts
  return { namespace, name };
}

/** Outside a cluster (no ServiceAccounts configured) the worker's own credentials suffice: none. */
export function namespaceGrants(s: GrantSettings): NamespaceGrant[] {
  const grants: NamespaceGrant[] = [];
  if (s.WORKER_SERVICE_ACCOUNT) {
    grants.push({ name: WORKER_BINDING, clusterRole: s.WORKER_STORE_ROLE, serviceAccount: account(s.WORKER_SERVICE_ACCOUNT), self: true });
  }
  if (s.PORTAL_SERVICE_ACCOUNT) {
    grants.push({ name: PORTAL_BINDING, clusterRole: s.PORTAL_CREDENTIALS_ROLE, serviceAccount: account(s.PORTAL_SERVICE_ACCOUNT) });
  }
  return grants;
}
