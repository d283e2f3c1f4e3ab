import "server-only";
// The data-access gate for pages and server actions: who is asking, re-read from the database
// once per request (React cache), so a disabled user or a changed role takes effect at once.
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/app/_lib/auth-options";
import { loadActiveActor } from "@/lib/users/service";
import { assertAdmin, type Actor } from "@/lib/auth/roles";
import type { RequestContext } from "@/lib/audit/log";
import { UnauthenticatedError } from "@/lib/errors";
import { requestClientAddress } from "@/lib/http/request-address";

export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  return session?.userId ? loadActiveActor(session.userId) : null;
});

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/** For admin pages: non-admins get the 403 page. */
export async function requireAdminPage(): Promise<Actor> {
  const actor = await requireActor();
  if (actor.role !== "admin") redirect("/forbidden");
  return actor;
}

/** The client's address for the audit log: the socket's peer, or what trusted proxies report. */
export async function clientIp(): Promise<string | null> {
  return requestClientAddress(await headers());
}

/** For server actions: who is asking, as an audit context; throws when nobody is signed in. */
export async function actionContext(options: { admin?: boolean } = {}): Promise<RequestContext & { actor: Actor }> {
  const actor = await currentActor();
  if (!actor) throw new UnauthenticatedError();
  if (options.admin) assertAdmin(actor);
  return { actor, sourceIp: await clientIp(), via: "ui" };
}
