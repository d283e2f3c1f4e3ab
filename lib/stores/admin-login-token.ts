// One-click admin sign-in links: "v1.<store>.<expires>.<nonce>.<signature>", the signature being
// the unpadded base64url HMAC-SHA256 of the rest under the store's login secret. The store's
// must-use plugin (charts/woocommerce-store/files/storefleet-admin-login.php) checks the same
// format; the store test and the real-store suite prove that both sides agree.
import { createHmac, randomBytes } from "node:crypto";

/** How long a link may wait before it is opened. */
export const ADMIN_LOGIN_TTL_SECONDS = 60;

export function adminLoginToken(o: { store: string; secret: string; expiresAt: Date; nonce?: string }): string {
  const nonce = o.nonce ?? randomBytes(16).toString("base64url");
  const payload = `v1.${o.store}.${Math.floor(o.expiresAt.getTime() / 1000)}.${nonce}`;
  return `${payload}.${createHmac("sha256", o.secret).update(payload).digest("base64url")}`;
}
