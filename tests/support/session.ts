// A real next-auth session cookie for a user, as the portal sets it after sign-in.
import { encode } from "next-auth/jwt";
import { env } from "@/lib/config/env";
import type { Actor } from "@/lib/auth/roles";

export async function sessionCookie(actor: Actor): Promise<string> {
  const jwt = await encode({ token: { uid: actor.id, sub: actor.id }, secret: env().AUTH_SECRET });
  return `next-auth.session-token=${jwt}`;
}
