// Users for tests, made through the real sign-up path.
import { db } from "@/lib/db/client";
import { signUp, updateUser } from "@/lib/users/service";
import type { Actor } from "@/lib/auth/roles";
import type { ActorContext } from "@/lib/audit/log";
import { beforeEach } from "vitest";
import { resetDatabase, uniqueEmail } from "./db";

export async function makeUser(role: "admin" | "member", options: { quota?: number; admin?: Actor } = {}): Promise<Actor> {
  const email = uniqueEmail(role);
  await signUp({ name: `${role} user`, email, password: "a long enough password" }, { actor: null, sourceIp: null, via: "system" });
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const wanted = { ...(user.role !== role ? { role } : {}), ...(options.quota !== undefined ? { storeQuota: options.quota } : {}) };
  if (Object.keys(wanted).length) {
    if (!options.admin && user.role !== "admin") throw new Error("makeUser needs an admin to change role or quota");
    const admin = options.admin ?? { id: user.id, email: user.email, name: user.name, role: "admin" as const };
    const updated = await updateUser(user.id, wanted, { actor: admin, sourceIp: null, via: "system" });
    return { id: updated.id, email: updated.email, name: updated.name, role: updated.role };
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function contextOf(actor: Actor, via: "ui" | "api" = "ui"): ActorContext {
  return { actor, sourceIp: "192.0.2.10", via };
}

export interface Cast {
  admin: Actor;
  /** Members with room for 10 stores each. */
  alice: Actor;
  bob: Actor;
}

/** An empty database and a fresh admin and two members before each test of the file. */
export function useCast(): Cast {
  const cast = {} as Cast;
  beforeEach(async () => {
    await resetDatabase();
    cast.admin = await makeUser("admin");
    cast.alice = await makeUser("member", { quota: 10, admin: cast.admin });
    cast.bob = await makeUser("member", { quota: 10, admin: cast.admin });
  });
  return cast;
}
