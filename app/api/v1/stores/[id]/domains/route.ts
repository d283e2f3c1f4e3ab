import { NextResponse } from "next/server";
import { addDomain, listDomains } from "@/lib/domains/service";
import { jsonBody, withActor } from "@/app/api/_lib/handler";

/** The store's custom domains, with the DNS records each needs. */
export const GET = withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ domains: await listDomains(ctx.actor, id) }));

/** Adds a custom domain (unverified): the answer names the DNS records to create. */
export const POST = withActor<{ id: string }>(async (req, ctx, { id }) => NextResponse.json({ domain: await addDomain(id, await jsonBody(req), ctx) }, { status: 201 }));
