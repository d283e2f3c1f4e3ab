import { NextResponse } from "next/server";
import { changeStoreLifecycle } from "@/lib/stores/service";
import { withActor } from "@/app/api/_lib/handler";

/** POST /api/v1/stores/{id}/<action>: records the intent and answers 202; the worker acts. */
export function lifecycleRoute(action: "suspend" | "resume" | "retry") {
  return withActor<{ id: string }>(async (_req, ctx, { id }) =>
    NextResponse.json({ store: await changeStoreLifecycle(id, action, ctx) }, { status: 202 }),
  );
}
