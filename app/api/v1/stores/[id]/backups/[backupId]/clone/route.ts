import { cloneStore } from "@/lib/backups/clone";
import { createdStoreResponse, idempotencyKeyOf, jsonBody, withActor } from "@/app/api/_lib/handler";

/** Clones the store from this backup into a new store of the caller's: recorded, answered 201;
 * the worker provisions the new store around a restore of the backup. */
export const POST = withActor<{ id: string; backupId: string }>(async (req, ctx, { id, backupId }) =>
  createdStoreResponse(await cloneStore(id, backupId, await jsonBody(req), ctx, { idempotencyKey: idempotencyKeyOf(req) })),
);
