import { NextResponse } from "next/server";
import { platformHealth } from "@/lib/platform/status";

export const dynamic = "force-dynamic";

/** Liveness and dependency status, for load balancers and operators. No secrets, no auth. */
export async function GET() {
  const health = await platformHealth();
  return NextResponse.json(health, { status: health.ok ? 200 : 503 });
}
