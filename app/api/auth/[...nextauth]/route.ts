import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authOptions } from "@/app/_lib/auth-options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so that configuration is read at run time, not at build time.
function handler(req: NextRequest, ctx: RouteContext) {
  return (NextAuth as unknown as (req: NextRequest, ctx: RouteContext, options: ReturnType<typeof authOptions>) => Promise<Response>)(
    req,
    ctx,
    authOptions(),
  );
}

export { handler as GET, handler as POST };
