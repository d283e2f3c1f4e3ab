// Calls the real route handlers of app/api the way Next.js does: a NextRequest and the route's
// params. Tests use bearer tokens, which need no Next.js request scope (a session cookie does).
import { NextRequest } from "next/server";

// Promise<never>: any route's params type accepts it, so every handler fits this one signature.
type RouteHandler = (req: NextRequest, route: { params: Promise<never> }) => Promise<Response>;

export interface RouteCall {
  method?: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

export function apiRequest({ method = "GET", path, token, body, headers = {} }: RouteCall): NextRequest {
  const init: { method: string; headers: Record<string, string>; body?: BodyInit; duplex?: "half" } = {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  };
  if (body !== undefined) {
    init.body = typeof body === "string" || body instanceof ReadableStream ? body : JSON.stringify(body);
    init.headers["content-type"] ??= "application/json";
    if (body instanceof ReadableStream) init.duplex = "half";
  }
  return new NextRequest(new URL(path, "http://localhost"), init);
}

export async function callRoute(handler: RouteHandler, call: RouteCall): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await handler(apiRequest(call), { params: Promise.resolve(call.params ?? {}) as Promise<never> });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}
