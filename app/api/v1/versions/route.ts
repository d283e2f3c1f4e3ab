import { NextResponse } from "next/server";
import { listVersions } from "@/lib/rollouts/service";
import { withActor } from "@/app/api/_lib/handler";

/** The fleet versions (administrators): what each runs and how many live stores run it. */
export const GET = withActor(async (_req, ctx) => NextResponse.json({ versions: await listVersions(ctx.actor) }));
