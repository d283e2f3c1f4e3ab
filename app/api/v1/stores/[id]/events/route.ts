import { NextResponse } from "next/server";
import { listStoreEvents } from "@/lib/stores/service";
import { withActor } from "@/app/api/_lib/handler";

/** The store's provisioning timeline, oldest first. */
export const GET = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ events: await listStoreEvents(ctx.actor, id) }));
