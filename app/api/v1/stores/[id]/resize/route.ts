import { NextResponse } from "next/server";
import { resizeStore } from "@/lib/stores/service";
import { jsonBody, withActor } from "@/app/api/_lib/handler";

/** POST /api/v1/stores/{id}/resize {"size": "<preset>"}: records the new size and answers 202; the worker applies it. */
export const POST = withActor<{ id: string }>(async (req, ctx, { id }) =>
  NextResponse.json({ store: await resizeStore(id, await jsonBody(req), ctx) }, { status: 202 }),
);
