import { NextResponse, type NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/app/_lib/auth-options";
import { env } from "@/lib/config/env";
import { throttleSignIn } from "@/lib/auth/throttle";
import { PayloadTooLargeError, RateLimitedError } from "@/lib/errors";
import { requestClientAddress } from "@/lib/http/request-address";
import { readBody } from "@/app/api/_lib/handler";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const nextAuth = NextAuth as unknown as (req: NextRequest, ctx: RouteContext, options: ReturnType<typeof authOptions>) => Promise<Response>;

/** 429 for a throttled sign-in: JSON with the sign-in URL for next-auth's client (it reads
 * `url`), a short page for a form posted without JavaScript. */
function throttled(error: RateLimitedError, asJson: boolean): Response {
  const headers = { "Retry-After": String(error.retryAfterSeconds) };
  if (asJson) return NextResponse.json({ url: new URL("/sign-in?error=throttled", env().NEXTAUTH_URL).toString() }, { status: 429, headers });
  const page = `<!doctype html><title>Too many attempts</title><p>${error.message}.</p><p><a href="/sign-in">Back to sign in</a></p>`;
  return new Response(page, { status: 429, headers: { ...headers, "Content-Type": "text/html; charset=utf-8" } });
}

/** Password sign-in is throttled here, before next-auth runs authorize (and scrypt). */
async function throttleCredentials(req: NextRequest): Promise<Response | null> {
  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(req.clone())).toString("utf8"));
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: 413 });
    throw error;
  }
  try {
    await throttleSignIn(requestClientAddress(req.headers), form.get("email") ?? "");
    return null;
  } catch (error) {
    if (error instanceof RateLimitedError) return throttled(error, form.get("json") === "true");
    throw error;
  }
}

// Options are built per request so that configuration is read at run time, not at build time.
async function handler(req: NextRequest, ctx: RouteContext) {
  const { nextauth } = await ctx.params;
  if (req.method === "POST" && nextauth.join("/") === "callback/credentials") {
    const refusal = await throttleCredentials(req);
    if (refusal) return refusal;
  }
  return nextAuth(req, ctx, authOptions(req));
}

export { handler as GET, handler as POST };
