// The one wrapper every /api/v1 route handler goes through: it finds who is asking (session
// cookie or personal API token), builds the audit context, and maps the domain's expected errors
// to one JSON error shape with the right status code. Anything unexpected is logged and becomes
// a generic 500 without details.
import { NextResponse, type NextRequest } from "next/server";
import { getServerSession } from "next-auth";
import { authOptions } from "@/app/_lib/auth-options";
import { loadActiveActor } from "@/lib/users/service";
import { actorForToken } from "@/lib/tokens/service";
import type { Actor } from "@/lib/auth/roles";
import type { ActorContext } from "@/lib/audit/log";
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  QuotaExceededError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from "@/lib/errors";

type Params = Record<string, string | string[]>;
type Handler<P extends Params> = (req: NextRequest, ctx: ActorContext, params: P) => Promise<Response>;

const STATUS: [new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 422],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [QuotaExceededError, 403],
  [RateLimitedError, 429],
  [UnavailableError, 503],
];

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof DomainError) {
    const status = STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
    const fieldErrors = error instanceof ValidationError || error instanceof ConflictError ? error.fieldErrors : undefined;
    const headers = error instanceof RateLimitedError ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
    return NextResponse.json({ error: { code: error.code, message: error.message, ...(fieldErrors && Object.keys(fieldErrors).length ? { fieldErrors } : {}) } }, { status, headers });
  }
  console.error(JSON.stringify({ level: "error", msg: "API handler failed", error: error instanceof Error ? error.stack : String(error) }));
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side" } }, { status: 500 });
}

/** A bearer token wins over a cookie; a bad token is a 401 even when a session exists. */
async function requestActor(req: NextRequest): Promise<Actor | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    return scheme === "Bearer" && token ? actorForToken(token) : null;
  }
  const session = (await getServerSession(authOptions())) as { userId?: string } | null;
  return session?.userId ? loadActiveActor(session.userId) : null;
}

export function sourceIp(req: NextRequest): string | null {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || null;
}

export function withActor<P extends Params = Params>(handler: Handler<P>) {
  return async (req: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const actor = await requestActor(req);
      if (!actor) throw new UnauthenticatedError("Sign in or send an API token");
      return await handler(req, { actor, sourceIp: sourceIp(req), via: "api" }, await route.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads a JSON body; a malformed one is a validation error, not a 500. */
export async function jsonBody(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new ValidationError("The request body must be JSON");
  }
}
