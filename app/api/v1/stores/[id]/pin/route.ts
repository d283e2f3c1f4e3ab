import { NextResponse } from "next/server";
import { pinStore, unpinStore } from "@/lib/rollouts/service";
import { jsonBody, withActor } from "@/app/api/_lib/handler";

/** PUT {"days": n}: rollouts skip the store for n days. */
export const PUT = withActor<{ id: string }>(async (req, ctx, { id }) => NextResponse.json({ store: await pinStore(id, await jsonBody(req), ctx) }));

/** Rollouts may upgrade the store again. */
export const DELETE = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ store: await unpinStore(id, ctx) }));
