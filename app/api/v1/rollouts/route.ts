import { NextResponse } from "next/server";
import { listRollouts, startRollout } from "@/lib/rollouts/service";
import { jsonBody, withActor } from "@/app/api/_lib/handler";

/** The latest rollouts (administrators), newest first. */
export const GET = withActor(async (_req, ctx) => NextResponse.json({ rollouts: await listRollouts(ctx.actor) }));

/** Starts a rollout of a fleet version and answers 202; the worker drives it batch by batch. */
export const POST = withActor(async (req, ctx) => NextResponse.json({ rollout: await startRollout(await jsonBody(req), ctx) }, { status: 202 }));
