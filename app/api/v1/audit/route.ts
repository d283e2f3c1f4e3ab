import { NextResponse } from "next/server";
import { listAudit } from "@/lib/audit/query";
import { withActor } from "@/app/api/_lib/handler";

/** Audit entries: all for admins; for members, their own actions and their stores' history. */
export const GET = withActor(async (req, ctx) => NextResponse.json(await listAudit(ctx.actor, Object.fromEntries(req.nextUrl.searchParams))));
