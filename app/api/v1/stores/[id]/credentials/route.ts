import { NextResponse } from "next/server";
import { revealStoreCredentials } from "@/lib/stores/credentials";
import { withActor } from "@/app/api/_lib/handler";

/** Reveal the WordPress admin login (owner or admin; every reveal is audit-logged). POST, so
 * that no cache or prefetch ever fetches it. */
export const POST = withActor<{ id: string }>(async (_req, ctx, { id }) =>
  NextResponse.json({ credentials: await revealStoreCredentials(id, ctx) }, { headers: { "Cache-Control": "no-store" } }),
);
