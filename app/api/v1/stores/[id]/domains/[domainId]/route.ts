import { removeDomain } from "@/lib/domains/service";
import { withActor } from "@/app/api/_lib/handler";

/** Removes the custom domain; a verified one leaves the store's route (the worker applies it). */
export const DELETE = withActor<{ id: string; domainId: string }>(async (_req, ctx, { id, domainId }) => {
  await removeDomain(id, domainId, ctx);
  return new Response(null, { status: 204 });
});
