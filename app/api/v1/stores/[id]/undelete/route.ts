import { NextResponse } from "next/server";
import { undoDelete } from "@/lib/backups/undo-delete";
import { withActor } from "@/app/api/_lib/handler";

/** Brings a deleted store back from its newest backup while its name is held for its owner:
 * recorded, answered 202; the worker provisions it again around the restore. */
export const POST = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ store: await undoDelete(id, ctx) }, { status: 202 }));
