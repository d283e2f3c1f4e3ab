// The WordPress admin login of a store, read from the store's Secret on demand (never stored
// by the portal) and audit-logged on every reveal.
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { ConflictError, UnavailableError } from "@/lib/errors";
import { findManageable } from "@/lib/stores/service";
import { createKube, httpStatus } from "@/lib/kube/client";
import { namespaceBelongsTo, storeObjects } from "@/lib/stores/cluster-objects";
import { STORE_ADMIN_USER, storeAdminUrl } from "@/lib/stores/naming";

export interface StoreCredentials {
  username: string;
  password: string;
  adminUrl: string;
}

export async function revealStoreCredentials(storeId: string, ctx: ActorContext): Promise<StoreCredentials> {
  const store = await findManageable(ctx.actor, storeId);
  if (store.deletedAt) throw new ConflictError("This store has been deleted");
  const names = storeObjects(store.slug);
  const kube = createKube();
  let secret;
  try {
    // A namespace of that name that is not this store's (another store's, or anything else)
    // holds nothing to reveal, whatever its Secret is called.
    const namespace = await kube.core.readNamespace({ name: names.namespace });
    if (!namespaceBelongsTo(namespace.metadata?.labels, store.id)) throw new ConflictError("The store's namespace does not belong to it; ask an administrator");
    secret = await kube.core.readNamespacedSecret({ name: names.credentialsSecret, namespace: names.namespace });
  } catch (error) {
    if (error instanceof ConflictError) throw error;
    if (httpStatus(error) === 404) throw new ConflictError("The store's credentials do not exist yet; wait until it is provisioned");
    console.error(JSON.stringify({ level: "error", msg: "reading store credentials failed", storeId, error: String(error).split("\n")[0] }));
    throw new UnavailableError("The cluster cannot be reached right now; try again in a moment");
  }
  const encoded = secret.data?.["admin-password"];
  if (!encoded) throw new ConflictError("The store's credentials are not ready yet");
  await recordAudit(ctx, { action: "store.credentials_reveal", targetType: "store", targetId: store.id, storeId: store.id, details: { slug: store.slug } });
  return { username: STORE_ADMIN_USER, password: Buffer.from(encoded, "base64").toString("utf8"), adminUrl: storeAdminUrl(store.slug, env()) };
}
