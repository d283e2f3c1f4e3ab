import { NextResponse } from "next/server";
import { changeStoreLifecycle, getStore } from "@/lib/stores/service";
import { withActor } from "@/app/api/_lib/handler";

export const GET = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ store: await getStore(ctx.actor, id) }));

/** Request deletion; the worker removes the release, namespace and volumes, then marks it Deleted. */
export const DELETE = withActor<{ id: string }>(async (_req, ctx, { id }) =>
  NextResponse.json({ store: await changeStoreLifecycle(id, "delete", ctx) }, { status: 202 }),
);
