// What a store's Secret gives its owner, read on demand (never stored by the portal) and
// audit-logged every time: the WordPress admin login, and one-click admin sign-in links signed
// with the store's login secret.
import { env } from "@/lib/config/env";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { ConflictError } from "@/lib/errors";
import { findManageable } from "@/lib/stores/service";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { readFromStoreNamespace } from "@/lib/stores/store-cluster";
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
  const secret = await readFromStoreNamespace(store, "credentials", "The store's credentials do not exist yet; wait until it is provisioned", (kube, namespace) =>
    kube.core.readNamespacedSecret({ name: storeObjects(store.slug).credentialsSecret, namespace }),
  );
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
