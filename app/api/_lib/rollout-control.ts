import { NextResponse } from "next/server";
import { controlRollout } from "@/lib/rollouts/service";
import type { RolloutControl } from "@/lib/rollouts/rules";
import { withActor } from "@/app/api/_lib/handler";

/** POST /api/v1/rollouts/{id}/<control>: records it and answers 202; the worker acts on it. */
export function rolloutControlRoute(control: RolloutControl) {
  return withActor<{ id: string }>(async (_req, ctx, { id }) => NextResponse.json({ rollout: await controlRollout(id, control, ctx) }, { status: 202 }));
}
