import { NextResponse } from "next/server";
import { listBackups, requestBackup } from "@/lib/backups/service";
import { withActor } from "@/app/api/_lib/handler";

/** The store's backups, newest first. */
export const GET = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ backups: await listBackups(ctx.actor, id) }));

/** Queues a backup of a running store and answers 202; the worker runs it. */
export const POST = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ backup: await requestBackup(id, ctx) }, { status: 202 }));
