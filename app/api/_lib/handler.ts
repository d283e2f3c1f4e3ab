// The one wrapper every API route handler goes through. It finds who is asking (personal API
// token or session cookie), refuses cross-site requests made with the cookie (CSRF) and writes
// with a read-only token, reads JSON bodies within API_BODY_LIMIT_BYTES, builds the audit
// context, and maps the domain's expected errors to one JSON error shape and status code
// (lib/errors.ts). Anything unexpected is logged and becomes a generic 500 without details.
// Methods a route does not serve are answered 405 before any handler runs (proxy.ts).
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/config/env";
import { loadActiveActor } from "@/lib/users/service";
import { actorForToken } from "@/lib/tokens/service";
import type { Actor } from "@/lib/auth/roles";
import type { ActorContext, RequestContext } from "@/lib/audit/log";
import { requestClientAddress } from "@/lib/http/request-address";
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  httpStatusOf,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from "@/lib/errors";

type Params = Record<string, string | string[]>;
type Handler<P extends Params, C extends RequestContext> = (req: NextRequest, ctx: C, params: P) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof DomainError) {
    const fieldErrors = error instanceof ValidationError || error instanceof ConflictError ? error.fieldErrors : undefined;
    const headers = error instanceof RateLimitedError ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(fieldErrors && Object.keys(fieldErrors).length ? { fieldErrors } : {}) } },
      { status: httpStatusOf(error), headers },
    );
  }
  console.error(JSON.stringify({ level: "error", msg: "API handler failed", error: error instanceof Error ? error.stack : String(error) }));
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side" } }, { status: 500 });
}

interface Caller {
  actor: Actor | null;
  /** How the caller authenticated: a bearer token needs no CSRF defence, a cookie does. */
  via: "token" | "cookie" | "none";
  readOnly: boolean;
}

/** A bearer token wins over a cookie; a bad token is no identity even when a session exists. */
async function identify(req: NextRequest): Promise<Caller> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    const found = scheme === "Bearer" && token ? await actorForToken(token) : null;
    return { actor: found?.actor ?? null, via: "token", readOnly: found?.scope === "read" };
  }
  const session = await getToken({ req, secret: env().AUTH_SECRET });
  const actor = typeof session?.uid === "string" ? await loadActiveActor(session.uid) : null;
  return { actor, via: actor ? "cookie" : "none", readOnly: false };
}

/** Browsers send the session cookie with requests that other sites (a store's pages share the
 * portal's site) make; such requests cannot set a JSON content type without a CORS preflight,
 * which the portal never grants, and carry their own Origin. So a request without a token that
 * changes something must come from the portal's own origin with a JSON body. */
function assertNotCrossSite(req: NextRequest, caller: Caller): void {
  if (caller.via === "token" || SAFE_METHODS.has(req.method)) return;
  const sameOrigin = req.headers.get("origin") === new URL(env().NEXTAUTH_URL).origin;
  const json = /^application\/json\s*(;|$)/i.test(req.headers.get("content-type") ?? "");
  if (!sameOrigin || !json) {
    throw new ForbiddenError("Cross-site request refused: call the API with a token, or from the portal with a JSON body");
  }
}

function assertMayWrite(req: NextRequest, caller: Caller): void {
  if (caller.readOnly && !SAFE_METHODS.has(req.method)) throw new ForbiddenError("This API token is read-only");
}

function wrap<P extends Params, C extends RequestContext>(authenticate: (caller: Caller) => C["actor"], handler: Handler<P, C>) {
  return async (req: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await identify(req);
      const actor = authenticate(caller);
      assertNotCrossSite(req, caller);
      assertMayWrite(req, caller);
      const ctx = { actor, sourceIp: requestClientAddress(req.headers), via: "api" } as C;
      return await handler(req, ctx, await route.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A route for signed-in callers only (401 otherwise). */
export function withActor<P extends Params = Params>(handler: Handler<P, ActorContext>) {
  return wrap<P, ActorContext>((caller) => {
    if (!caller.actor) throw new UnauthenticatedError("Sign in or send an API token");
    return caller.actor;
  }, handler);
}

/** A route anyone may call; the handler decides what an anonymous caller gets. */
export function withOptionalActor<P extends Params = Params>(handler: Handler<P, RequestContext>) {
  return wrap<P, RequestContext>((caller) => caller.actor, handler);
}

/** Reads the body, never more than API_BODY_LIMIT_BYTES of it: a declared length over the
 * limit is refused before reading, and a stream is cut off as soon as it passes the limit. */
export async function readBody(req: Request): Promise<Buffer> {
  const limit = env().API_BODY_LIMIT_BYTES;
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw new PayloadTooLargeError(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) {
    size += part.value.byteLength;
    if (size > limit) {
      await reader!.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks);
}

/** Reads the body (see readBody) as JSON; malformed JSON is a validation error, not a 500. */
export async function jsonBody(req: NextRequest): Promise<unknown> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ValidationError("The request body must be JSON");
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key header, if any: 1-255 visible ASCII characters, else a 400. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw new ValidationError("Idempotency-Key must be 1-255 visible ASCII characters");
  return key;
}

/** 201 with the new store, its Location, and whether an earlier request with the same key made it. */
export function createdStoreResponse({ store, replayed }: { store: { id: string }; replayed: boolean }): NextResponse {
  return NextResponse.json({ store }, { status: 201, headers: { Location: `/api/v1/stores/${store.id}`, ...(replayed ? { "Idempotent-Replayed": "true" } : {}) } });
}
