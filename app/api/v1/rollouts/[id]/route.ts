import { NextResponse } from "next/server";
import { getRollout } from "@/lib/rollouts/service";
import { withActor } from "@/app/api/_lib/handler";

/** A rollout with every store's batch and result. */
export const GET = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ rollout: await getRollout(ctx.actor, id) }));
