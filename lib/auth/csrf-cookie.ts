// next-auth's CSRF double-submit cookie, made before the sign-in page renders so that the form
// can post to next-auth's credentials callback without JavaScript. The format is next-auth v4's
// own (core/lib/csrf-token.js): "<token>|sha256(<token><secret>)"; next-auth checks it on POST.
import { createHash, randomBytes } from "node:crypto";

export function csrfCookieName(portalUrl: string): string {
  return `${portalUrl.startsWith("https://") ? "__Host-" : ""}next-auth.csrf-token`;
}

function signature(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

/** The token inside a cookie value, if the value was made with this secret. */
export function csrfTokenOf(cookieValue: string | undefined, secret: string): string | null {
  const [token, hash] = (cookieValue ?? "").split("|");
  return token && hash === signature(token, secret) ? token : null;
}

export function newCsrfCookieValue(secret: string): string {
  const token = randomBytes(32).toString("hex");
  return `${token}|${signature(token, secret)}`;
}
