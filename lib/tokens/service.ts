// Personal API tokens: shown once, stored only as a SHA-256 hash (the token is 256 random bits,
// so a fast hash is enough), revocable by their owner or an administrator, optionally expiring,
// optionally read-only, and dead as soon as their owner is disabled.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { TokenScope } from "@/lib/generated/prisma/enums";
import { assertAdmin, type Actor } from "@/lib/auth/roles";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { NotFoundError } from "@/lib/errors";
import { parseInput, RECORD_ID, singleLineText } from "@/lib/validation";
import { liveTokenWhere } from "@/lib/tokens/live";

const TOKEN_PREFIX = "sf_";
/** Write lastUsedAt at most this often, so every API call does not write a row. */
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 86_400_000;
export const MAX_TOKEN_DAYS = 366;

/** Form fields arrive as text; an empty choice means "not chosen". */
const emptyAsUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

export const createTokenSchema = z.object({
  name: singleLineText("Name", 60).pipe(z.string().min(1, "Give the token a name")),
  scope: z.preprocess(emptyAsUndefined, z.enum(["full", "read"], { error: "Choose full access or read only" }).default("full")),
  expiresInDays: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int("Expiry must be a whole number of days")
      .min(1, "Expiry must be at least 1 day")
      .max(MAX_TOKEN_DAYS, `Expiry must be at most ${MAX_TOKEN_DAYS} days`)
      .optional(),
  ),
});

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type TokenRow = { id: string; name: string; prefix: string; scope: TokenScope; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null };

function toView(t: TokenRow): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scope: t.scope,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Returns the token itself exactly once. */
export async function createApiToken(input: unknown, ctx: ActorContext): Promise<{ token: string; apiToken: ApiTokenView }> {
  const { name, scope, expiresInDays } = parseInput(createTokenSchema, input);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * DAY_MS) : null;
  const row = await db().apiToken.create({
    data: { userId: ctx.actor.id, name, scope, expiresAt, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) },
  });
  await recordAudit(ctx, { action: "api_token.create", targetType: "api_token", targetId: row.id, details: { name, scope, expiresAt: expiresAt?.toISOString() ?? null } });
  return { token, apiToken: toView(row) };
}

export async function listApiTokens(actor: Actor): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

export async function revokeApiToken(tokenId: string, ctx: ActorContext): Promise<void> {
  const { count } = RECORD_ID.test(tokenId)
    ? await db().apiToken.updateMany({ where: { id: tokenId, userId: ctx.actor.id, revokedAt: null }, data: { revokedAt: new Date() } })
    : { count: 0 };
  if (count === 0) throw new NotFoundError("Token not found or already revoked");
  await recordAudit(ctx, { action: "api_token.revoke", targetType: "api_token", targetId: tokenId });
}

/** Administrators: revoke every token of a user that still works; returns how many. */
export async function revokeUserApiTokens(userId: string, ctx: ActorContext): Promise<number> {
  assertAdmin(ctx.actor);
  if (!RECORD_ID.test(userId) || !(await db().user.findUnique({ where: { id: userId }, select: { id: true } }))) {
    throw new NotFoundError("User not found");
  }
  const { count } = await db().apiToken.updateMany({ where: { userId, ...liveTokenWhere() }, data: { revokedAt: new Date() } });
  await recordAudit(ctx, { action: "api_token.revoke_all", targetType: "user", targetId: userId, details: { count } });
  return count;
}

export interface TokenActor {
  actor: Actor;
  scope: TokenScope;
}

/** Who a bearer token acts for and what it may do, or null (unknown, revoked, expired, or its
 * owner is disabled). */
export async function actorForToken(token: string): Promise<TokenActor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db().apiToken.findFirst({
    where: { tokenHash: hashToken(token), ...liveTokenWhere() },
    select: { id: true, scope: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!row || row.user.disabled) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { id, email, name, role } = row.user;
  return { actor: { id, email, name, role }, scope: row.scope };
}
