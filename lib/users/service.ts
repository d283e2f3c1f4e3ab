// Accounts: sign-up, credential checks, OIDC sign-in and administration.
import { db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { hashPassword, verifyPassword, decoyPasswordHash } from "@/lib/auth/password";
import { assertAdmin, type Actor } from "@/lib/auth/roles";
import { recordAudit, type ActorContext, type RequestContext } from "@/lib/audit/log";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
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

/** Creates an account. The first account, or the one whose e-mail is ADMIN_EMAIL, is an admin.
 * The check-then-insert runs under an advisory lock so two simultaneous first sign-ups cannot
 * both become admin. */
async function createAccount(data: { email: string; name: string; passwordHash: string | null }): Promise<UserSummary> {
  const config = env();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK_KEY})`;
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new ConflictError("An account with this e-mail already exists", {
        email: ["An account with this e-mail already exists"],
      });
    }
    const isFirst = (await tx.user.count()) === 0;
    const role: Role = isFirst || data.email === config.ADMIN_EMAIL ? "admin" : "member";
    return tx.user.create({
      data: { ...data, role, storeQuota: config.DEFAULT_STORE_QUOTA },
      select: summarySelect,
    });
  });
}

export async function signUp(input: unknown, ctx: RequestContext): Promise<UserSummary> {
  if (!env().SIGNUP_ENABLED) throw new ForbiddenError("Sign-up is disabled on this Storefleet; ask an administrator for an account");
  const data = parseInput(signUpSchema, input);
  const user = await createAccount({ email: data.email, name: data.name, passwordHash: await hashPassword(data.password) });
  await recordAudit({ ...ctx, actor: user }, { action: "user.sign_up", targetType: "user", targetId: user.id });
  return user;
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
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** Finds or creates the account for an e-mail verified by the OpenID Connect issuer. */
export async function signInWithOidc(email: string, name: string): Promise<CredentialCheck> {
  const normalized = email.trim().toLowerCase();
  let user = await db().user.findUnique({ where: { email: normalized }, select: summarySelect });
  if (!user) {
    try {
      user = await createAccount({ email: normalized, name: name || normalized, passwordHash: null });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      user = await db().user.findUniqueOrThrow({ where: { email: normalized }, select: summarySelect });
    }
  }
  if (user.disabled) return { ok: false, reason: "disabled" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** The acting user as stored now: role changes and disabling take effect on the next request. */
export async function loadActiveActor(userId: string): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: summarySelect });
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function listUsers(actor: Actor): Promise<(UserSummary & { storeCount: number })[]> {
  assertAdmin(actor);
  const users = await db().user.findMany({
    select: { ...summarySelect, _count: { select: { stores: { where: { deletedAt: null } } } } },
    orderBy: { createdAt: "asc" },
  });
  return users.map(({ _count, ...u }) => ({ ...u, storeCount: _count.stores }));
}

export async function updateUser(userId: string, input: unknown, ctx: ActorContext): Promise<UserSummary> {
  assertAdmin(ctx.actor);
  const changes = parseInput(userUpdateSchema, input);
  if (userId === ctx.actor.id && (changes.disabled === true || changes.role === "member")) {
    throw new ValidationError("You cannot disable yourself or remove your own admin role", {
      [changes.disabled ? "disabled" : "role"]: ["Ask another administrator to do this"],
    });
  }
  const existing = await db().user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!existing) throw new NotFoundError("User not found");
  const user = await db().user.update({ where: { id: userId }, data: changes, select: summarySelect });
  await recordAudit(ctx, { action: "user.update", targetType: "user", targetId: userId, details: changes });
  return user;
}
