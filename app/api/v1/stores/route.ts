import { NextResponse } from "next/server";
import { z } from "zod";
import { createStore, listStores } from "@/lib/stores/service";
import { ValidationError } from "@/lib/errors";
import { jsonBody, withActor } from "@/app/api/_lib/handler";

const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/);

/** List stores: yours, or (admins) everyone's; filter by phase and owner; paginated. */
export const GET = withActor(async (req, ctx) => {
  const query = Object.fromEntries(req.nextUrl.searchParams);
  return NextResponse.json(await listStores(ctx.actor, query));
});

/** Create a store. With an Idempotency-Key header, repeating the request returns the first
 * response instead of creating another store. */
export const POST = withActor(async (req, ctx) => {
  const rawKey = req.headers.get("idempotency-key");
  const key = rawKey === null ? undefined : idempotencyKey.safeParse(rawKey);
  if (key && !key.success) throw new ValidationError("Idempotency-Key must be 1-255 visible ASCII characters");
  const { store, replayed } = await createStore(await jsonBody(req), ctx, { idempotencyKey: key?.data });
  return NextResponse.json({ store }, { status: 201, headers: { Location: `/api/v1/stores/${store.id}`, ...(replayed ? { "Idempotent-Replayed": "true" } : {}) } });
});
