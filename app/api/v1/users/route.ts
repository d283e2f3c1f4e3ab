import { NextResponse } from "next/server";
import { listUsers } from "@/lib/users/service";
import { withActor } from "@/app/api/_lib/handler";

/** Admin: every user with their store count. */
export const GET = withActor(async (_req, ctx) => NextResponse.json({ users: await listUsers(ctx.actor) }));
