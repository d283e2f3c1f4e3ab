import { NextResponse } from "next/server";
import { restoreStore } from "@/lib/backups/restore";
import { withActor } from "@/app/api/_lib/handler";

/** Restores the backup into its store: recorded, answered 202; the worker stops WordPress,
 * replaces the database and wp-content, and starts it again. */
export const POST = withActor<{ id: string; backupId: string }>(async (_req, ctx, { id, backupId }) =>
  NextResponse.json({ store: await restoreStore(id, backupId, ctx) }, { status: 202 }),
);
