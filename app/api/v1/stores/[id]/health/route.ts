import { NextResponse } from "next/server";
import { storeHealth } from "@/lib/stores/health-service";
import { withActor } from "@/app/api/_lib/handler";

/** The store's health checks: the latest, and uptime and response times over 24 h and 30 days. */
export const GET = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ health: await storeHealth(ctx.actor, id) }));
