import { NextResponse } from "next/server";
import { platformHealth } from "@/lib/platform/status";
import { isAdmin } from "@/lib/auth/roles";
import { withOptionalActor } from "@/app/api/_lib/handler";

export const dynamic = "force-dynamic";

/** Liveness for load balancers: anyone learns whether the portal serves (200 or 503); only
 * administrators get the checks, whose details name versions and errors. */
export const GET = withOptionalActor(async (_req, ctx) => {
  const health = await platformHealth();
  const status = health.ok ? 200 : 503;
  return NextResponse.json(ctx.actor && isAdmin(ctx.actor) ? health : { ok: health.ok }, { status });
});
