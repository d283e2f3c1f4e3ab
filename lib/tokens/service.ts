// Personal API tokens: shown once, stored only as a SHA-256 hash (the token is 256 random bits,
// so a fast hash is enough), revocable, and dead as soon as their owner is disabled.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit, type ActorContext } from "@/lib/audit/log";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const TOKEN_PREFIX = "sf_";
/** Write lastUsedAt at most this often, so every API call does not write a row. */
const LAST_USED_RESOLUTION_MS = 60_000;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(60, "Name must be at most 60 characters"),
});

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function toView(t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiTokenView {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** Returns the token itself exactly once. */
export async function createApiToken(input: unknown, ctx: ActorContext): Promise<{ token: string; apiToken: ApiTokenView }> {
  const { name } = parseInput(createTokenSchema, input);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db().apiToken.create({
    data: { userId: ctx.actor.id, name, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) },
  });
  await recordAudit(ctx, { action: "api_token.create", targetType: "api_token", targetId: row.id, details: { name } });
  return { token, apiToken: toView(row) };
}

export async function listApiTokens(actor: Actor): Promise<ApiTokenView[]> {
  const rows = await db().apiToken.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" } });
  return rows.map(toView);
}

export async function revokeApiToken(tokenId: string, ctx: ActorContext): Promise<void> {
  const { count } = await db().apiToken.updateMany({
    where: { id: tokenId, userId: ctx.actor.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError("Token not found or already revoked");
  await recordAudit(ctx, { action: "api_token.revoke", targetType: "api_token", targetId: tokenId });
}

/** The user a bearer token acts for, or null (unknown, revoked, or its owner is disabled). */
export async function actorForToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db().apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!row || row.revokedAt || row.user.disabled) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { id, email, name, role } = row.user;
  return { id, email, name, role };
}
