import { NextResponse } from "next/server";
import { createAdminLoginLink } from "@/lib/stores/credentials";
import { withActor } from "@/app/api/_lib/handler";

/** A single-use link, valid for a minute, that signs the store's administrator into wp-admin
 * (owner or admin; audit-logged). POST, so that no cache or prefetch ever makes one. */
export const POST = withActor<{ id: string }>(async (_req, ctx, { id }) =>
  NextResponse.json({ login: await createAdminLoginLink(id, ctx) }, { headers: { "Cache-Control": "no-store" } }),
);
