// Who may do what. Pure functions over the acting user, shared by pages, actions, the API and
// their tests.
import type { Role } from "@/lib/generated/prisma/enums";
import { ForbiddenError } from "@/lib/errors";

export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === "admin";
}

export function assertAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new ForbiddenError("Only administrators can do that");
}

/** Owners manage their own stores; administrators manage every store. */
export function canManageStore(actor: Actor, store: { ownerId: string }): boolean {
  return isAdmin(actor) || store.ownerId === actor.id;
}
