import { NextResponse } from "next/server";
import { createStore, listStores } from "@/lib/stores/service";
import { createdStoreResponse, idempotencyKeyOf, jsonBody, withActor } from "@/app/api/_lib/handler";

/** List stores: yours, or (admins) everyone's; filter by phase and owner; paginated. */
export const GET = withActor(async (req, ctx) => {
  const query = Object.fromEntries(req.nextUrl.searchParams);
  return NextResponse.json(await listStores(ctx.actor, query));
});

/** Create a store. With an Idempotency-Key header, repeating the request returns the first
 * response instead of creating another store. */
export const POST = withActor(async (req, ctx) =>
  createdStoreResponse(await createStore(await jsonBody(req), ctx, { idempotencyKey: idempotencyKeyOf(req) })),
);
