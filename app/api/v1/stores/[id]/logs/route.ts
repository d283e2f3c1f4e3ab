import { NextResponse } from "next/server";
import { readStoreLogs } from "@/lib/stores/logs";
import { withActor } from "@/app/api/_lib/handler";

/** The recent log of the store's WordPress, MariaDB or bootstrap, redacted (audit-logged). */
export const GET = withActor<{ id: string }>(async (req, ctx, { id }) =>
  NextResponse.json({ logs: await readStoreLogs(id, Object.fromEntries(req.nextUrl.searchParams), ctx) }),
);
