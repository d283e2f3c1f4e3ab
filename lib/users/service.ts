// Accounts: sign-up, credential checks, OIDC sign-in and administration.
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { hashPassword, verifyPassword, decoyPasswordHash } from "@/lib/auth/password";
import { assertAdmin, type Actor } from "@/lib/auth/roles";
import { recordAudit, type ActorContext, type RequestContext } from "@/lib/audit/log";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseInput, RECORD_ID } from "@/lib/validation";
import { liveTokenWhere } from "@/lib/tokens/live";
import { signUpSchema, userUpdateSchema } from "@/lib/users/schemas";
import type { Role } from "@/lib/generated/prisma/enums";

const FIRST_USER_LOCK_KEY = 727_002;

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  storeQuota: number;
  createdAt: Date;
}

const summarySelect = { id: true, email: true, name: true, role: true, disabled: true, storeQuota: true, createdAt: true } as const;

/** Creates an account unless the e-mail is taken (then null). The first account, or the one
 * whose e-mail is ADMIN_EMAIL, is an admin. The check-then-insert runs under an advisory lock so
 * two simultaneous first sign-ups cannot both become admin. */
async function createAccountIfNew(data: { email: string; name: string; passwordHash: string | null; oidcSubject?: string }): Promise<UserSummary | null> {
  const config = env();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK_KEY})`;
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) return null;
    const isFirst = (await tx.user.count()) === 0;
    const role: Role = isFirst || data.email === config.ADMIN_EMAIL ? "admin" : "member";
    return tx.user.create({
      data: { ...data, role, storeQuota: config.DEFAULT_STORE_QUOTA },
      select: summarySelect,
    });
  });
}

/** Creates a password account. The answer is the same whether or not the e-mail was free, and
 * the password is hashed either way, so neither the result nor the time taken tells a caller
 * which e-mail addresses have accounts. */
export async function signUp(input: unknown, ctx: RequestContext): Promise<void> {
  if (!env().SIGNUP_ENABLED) throw new ForbiddenError("Sign-up is disabled on this Storefleet; ask an administrator for an account");
  const data = parseInput(signUpSchema, input);
  const user = await createAccountIfNew({ email: data.email, name: data.name, passwordHash: await hashPassword(data.password) });
  if (user) {
    await recordAudit({ ...ctx, actor: user }, { action: "user.sign_up", targetType: "user", targetId: user.id });
    return;
  }
  const existing = await db().user.findUnique({ where: { email: data.email }, select: { id: true } });
  await recordAudit(ctx, { action: "user.sign_up_existing_email", targetType: "user", targetId: existing?.id ?? null });
}

export type CredentialCheck =
  | { ok: true; user: Actor }
  | { ok: false; reason: "invalid" | "disabled" };

export async function checkCredentials(email: string, password: string): Promise<CredentialCheck> {
  const user = await db().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...summarySelect, passwordHash: true },
  });
  if (!user?.passwordHash) {
    await verifyPassword(password, await decoyPasswordHash());
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "invalid" };
  if (user.disabled) return { ok: false, reason: "disabled" };
  return { ok: true, user: toActor(user) };
}

function toActor(user: { id: string; email: string; name: string; role: Role }): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** An identity whose e-mail the OpenID Connect issuer has verified. */
export interface OidcIdentity {
  subject: string;
  email: string;
  name: string;
}

export type OidcSignIn =
  | { ok: true; user: Actor }
  | { ok: false; reason: "disabled" | "link_required" | "signup_disabled" | "identity_in_use" };

const oidcSelect = { ...summarySelect, oidcSubject: true, passwordHash: true } as const;

async function linkOidcSubject(userId: string, subject: string, ctx: RequestContext) {
  const user = await db().user.update({ where: { id: userId }, data: { oidcSubject: subject }, select: oidcSelect });
  await recordAudit({ ...ctx, actor: toActor(user) }, { action: "user.oidc_link", targetType: "user", targetId: userId });
  return user;
}

/** Signs in with an OpenID Connect identity, found by its subject. An identity is linked to an
 * existing password account only while that account's owner is signed in (signedInUserId: the
 * proof); never by a matching e-mail alone. A new identity gets a new account only when sign-up
 * is enabled. Accounts that OIDC sign-in created before subjects were recorded (no password, no
 * subject) are linked by their verified e-mail: there is no password to prove. */
export async function signInWithOidc(identity: OidcIdentity, signedInUserId: string | null, ctx: RequestContext): Promise<OidcSignIn> {
  const email = identity.email.trim().toLowerCase();
  let user = await db().user.findUnique({ where: { oidcSubject: identity.subject }, select: oidcSelect });
  if (signedInUserId) {
    if (user && user.id !== signedInUserId) return { ok: false, reason: "identity_in_use" };
    user ??= await linkOidcSubject(signedInUserId, identity.subject, ctx);
  }
  if (!user) {
    const byEmail = await db().user.findUnique({ where: { email }, select: oidcSelect });
    if (byEmail && (byEmail.passwordHash !== null || byEmail.oidcSubject !== null)) return { ok: false, reason: "link_required" };
    if (byEmail) user = await linkOidcSubject(byEmail.id, identity.subject, ctx);
  }
  if (!user) {
    if (!env().SIGNUP_ENABLED) return { ok: false, reason: "signup_disabled" };
    const created = await createAccountIfNew({ email, name: identity.name || email, passwordHash: null, oidcSubject: identity.subject });
    if (!created) return { ok: false, reason: "link_required" };
    await recordAudit({ ...ctx, actor: created }, { action: "user.sign_up", targetType: "user", targetId: created.id, details: { via: "oidc" } });
    return { ok: true, user: toActor(created) };
  }
  if (user.disabled) return { ok: false, reason: "disabled" };
  return { ok: true, user: toActor(user) };
}

/** The account an OpenID Connect subject is linked to (after signInWithOidc allowed it). */
export async function userIdForOidcSubject(subject: string): Promise<string | null> {
  return (await db().user.findUnique({ where: { oidcSubject: subject }, select: { id: true } }))?.id ?? null;
}

/** The acting user as stored now: role changes and disabling take effect on the next request. */
export async function loadActiveActor(userId: string): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: summarySelect });
  if (!user || user.disabled) return null;
  return toActor(user);
}

export type UserListEntry = UserSummary & { storeCount: number; activeTokenCount: number };

export async function listUsers(actor: Actor): Promise<UserListEntry[]> {
  assertAdmin(actor);
  const users = await db().user.findMany({
    select: { ...summarySelect, _count: { select: { stores: { where: { deletedAt: null } }, apiTokens: { where: liveTokenWhere() } } } },
    orderBy: { createdAt: "asc" },
  });
  return users.map(({ _count, ...u }) => ({ ...u, storeCount: _count.stores, activeTokenCount: _count.apiTokens }));
}

export async function updateUser(userId: string, input: unknown, ctx: ActorContext): Promise<UserSummary> {
  assertAdmin(ctx.actor);
  const changes = parseInput(userUpdateSchema, input);
  if (userId === ctx.actor.id && (changes.disabled === true || changes.role === "member")) {
    // 409: the request is well-formed; it conflicts with who is making it.
    throw new ConflictError("You cannot disable yourself or remove your own admin role", {
      [changes.disabled ? "disabled" : "role"]: ["Ask another administrator to do this"],
    });
  }
  const existing = RECORD_ID.test(userId) ? await db().user.findUnique({ where: { id: userId }, select: summarySelect }) : null;
  if (!existing) throw new NotFoundError("User not found");
  // An empty change (PATCH with {}) is valid and changes nothing, so it is not audited.
  if (Object.values(changes).every((v) => v === undefined)) return existing;
  const user = await db().user.update({ where: { id: userId }, data: changes, select: summarySelect });
  await recordAudit(ctx, { action: "user.update", targetType: "user", targetId: userId, details: changes });
  return user;
}

/** How the actor can sign in: with a password, through OpenID Connect, or both. */
export async function signInMethods(actor: Actor): Promise<{ password: boolean; oidc: boolean }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true, oidcSubject: true } });
  return { password: user.passwordHash !== null, oidc: user.oidcSubject !== null };
}
