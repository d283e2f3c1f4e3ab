import { NextResponse } from "next/server";
import { verifyDomain } from "@/lib/domains/service";
import { withActor } from "@/app/api/_lib/handler";

/** Looks the domain's token up in its TXT record; once found, the store's route serves it. */
export const POST = withActor<{ id: string; domainId: string }>(async (_req, ctx, { id, domainId }) =>
  NextResponse.json({ domain: await verifyDomain(id, domainId, ctx) }),
);
