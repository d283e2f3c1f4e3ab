// A fast first gate, not the authorization: pages without a session cookie redirect to sign-in
// and API calls without a session or a bearer token get a 401 JSON body. Every page, action and
// route handler still checks the user itself (app/_lib/session.ts, app/api/_lib/handler.ts).
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/config/env";

const PUBLIC_PAGES = ["/sign-in", "/sign-up"];
const PUBLIC_API = ["/api/auth/", "/api/health", "/api/v1/openapi.json"];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
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
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
