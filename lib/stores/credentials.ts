// What a store's Secret gives its owner, read on demand (never stored by the portal) and
// audit-logged every time: the WordPress admin login, and one-click admin sign-in links signed
// with the store's login secret.
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { ConflictError, UnavailableError } from "@/lib/errors";
import { findManageable } from "@/lib/stores/service";
import { createKube, httpStatus } from "@/lib/kube/client";
import { namespaceBelongsTo, storeObjects } from "@/lib/stores/cluster-objects";
import { STORE_ADMIN_USER, storeAdminUrl, storeUrl } from "@/lib/stores/naming";
import { ADMIN_LOGIN_TTL_SECONDS, adminLoginToken } from "@/lib/stores/admin-login-token";

export interface StoreCredentials {
  username: string;
  password: string;
  adminUrl: string;
}

export interface AdminLoginLink {
  url: string;
  expiresAt: string;
}

type ManageableStore = Awaited<ReturnType<typeof findManageable>>;

/** One key of the store's credentials Secret, after checking that the actor may manage the store
 * and that its namespace is really its own. */
async function readStoreSecret(store: ManageableStore, key: string): Promise<string> {
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
    console.error(JSON.stringify({ level: "error", msg: "reading store credentials failed", storeId: store.id, error: String(error).split("\n")[0] }));
    throw new UnavailableError("The cluster cannot be reached right now; try again in a moment");
  }
  const encoded = secret.data?.[key];
  if (!encoded) throw new ConflictError("The store's credentials are not ready yet");
  return Buffer.from(encoded, "base64").toString("utf8");
}

export async function revealStoreCredentials(storeId: string, ctx: ActorContext): Promise<StoreCredentials> {
  const store = await findManageable(ctx.actor, storeId);
  const password = await readStoreSecret(store, "admin-password");
  await recordAudit(ctx, { action: "store.credentials_reveal", targetType: "store", targetId: store.id, storeId: store.id, details: { slug: store.slug } });
  return { username: STORE_ADMIN_USER, password, adminUrl: storeAdminUrl(store.slug, env()) };
}

/** A link that signs the store's administrator into wp-admin once, within a minute; audited like
 * a credential reveal. Only a Ready store answers it. */
export async function createAdminLoginLink(storeId: string, ctx: ActorContext): Promise<AdminLoginLink> {
  const store = await findManageable(ctx.actor, storeId);
  if (store.phase !== "Ready") throw new ConflictError("WordPress admin opens once the store is Ready");
  const secret = await readStoreSecret(store, "login-secret");
  const expiresAt = new Date(Date.now() + ADMIN_LOGIN_TTL_SECONDS * 1000);
  const token = adminLoginToken({ store: store.slug, secret, expiresAt });
  await recordAudit(ctx, { action: "store.admin_login", targetType: "store", targetId: store.id, storeId: store.id, details: { slug: store.slug } });
  return { url: `${storeUrl(store.slug, env())}/?storefleet_login=${token}`, expiresAt: expiresAt.toISOString() };
}
