// Where to go after signing in. The value comes from the URL (?callbackUrl=), so it is parsed the
// way a browser would (backslashes, tabs and all) against the portal's origin, and only a path on
// that origin is kept.
export function safeCallbackPath(raw: string | null | undefined, portalOrigin: string, fallback = "/stores"): string {
  if (!raw) return fallback;
  try {
    const url = new URL(raw, portalOrigin);
    return url.origin === portalOrigin ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
