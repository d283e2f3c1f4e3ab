import { NextResponse } from "next/server";
import { openApiDocument } from "@/app/api/_lib/openapi";

export const dynamic = "force-dynamic";

/** The API description, public so that tools can read it before they have a token. */
export function GET() {
  return NextResponse.json(openApiDocument());
}
