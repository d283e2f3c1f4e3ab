// A fast first gate, not the authorization: API methods a route does not serve get 405, the
// sign-in page gets next-auth's CSRF cookie (so its form works without JavaScript), pages
// without a session cookie redirect to sign-in, and API calls without a session or a bearer
// token get a 401 JSON body. Every page, action and route handler still checks the user itself
// (app/_lib/session.ts, app/api/_lib/handler.ts).
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/config/env";
import { csrfCookieName, csrfTokenOf, newCsrfCookieValue } from "@/lib/auth/csrf-cookie";
import { methodNotAllowed } from "@/app/api/_lib/methods";

const PUBLIC_PAGES = ["/sign-in", "/sign-up"];
const PUBLIC_API = ["/api/auth/", "/api/health", "/api/sign-up", "/api/v1/openapi.json"];

/** Lets the sign-in page render next-auth's CSRF token into its form: an existing valid cookie
 * is kept, otherwise a new one is set on the response and on the request the page sees. */
function withCsrfCookie(req: NextRequest): NextResponse {
  const { NEXTAUTH_URL, AUTH_SECRET } = env();
  const name = csrfCookieName(NEXTAUTH_URL);
  if (csrfTokenOf(req.cookies.get(name)?.value, AUTH_SECRET)) return NextResponse.next();
  const value = newCsrfCookieValue(AUTH_SECRET);
  req.cookies.set(name, value);
  const res = NextResponse.next({ request: { headers: req.headers } });
  res.cookies.set(name, value, { httpOnly: true, sameSite: "lax", path: "/", secure: NEXTAUTH_URL.startsWith("https://") });
  return res;
}

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  if (isApi) {
    const refusal = methodNotAllowed(pathname, req.method);
    if (refusal) return refusal;
  }
  if (pathname === "/sign-in") return withCsrfCookie(req);
  if (isApi ? PUBLIC_API.some((p) => pathname.startsWith(p)) : PUBLIC_PAGES.includes(pathname)) {
    return NextResponse.next();
  }
  if (isApi && req.headers.get("authorization")?.startsWith("Bearer ")) return NextResponse.next();
  const token = await getToken({ req, secret: env().AUTH_SECRET });
  if (token) return NextResponse.next();
  if (isApi) {
    return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in or send an API token" } }, { status: 401 });
  }
  const signIn = new URL("/sign-in", req.url);
  signIn.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|icon.svg|logo.svg).*)"],
};
