// The methods each API route serves. For /api/v1 they are read from the OpenAPI document, so the
// document and the router cannot disagree. proxy.ts answers every other method with 405 and an
// Allow header before any handler runs (Next.js itself would answer other missing methods with a
// 405 without Allow); server.ts does the same for TRACE and CONNECT, which never reach proxy.ts.
import { openApiDocument } from "@/app/api/_lib/openapi";

/** API routes outside the OpenAPI document (next-auth's own routes are left to next-auth). */
const OTHER_ROUTES: Record<string, string[]> = {
  "/api/health": ["GET"],
  "/api/sign-up": ["POST"],
  "/api/v1/openapi.json": ["GET"],
};

interface RouteMethods {
  pattern: RegExp;
  methods: string[];
}

let routes: RouteMethods[] | undefined;

function routeTable(): RouteMethods[] {
  const documented = Object.entries(openApiDocument().paths).map(([path, operations]) => ({
    pattern: new RegExp(`^/api/v1${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    methods: Object.keys(operations).map((m) => m.toUpperCase()),
  }));
  const others = Object.entries(OTHER_ROUTES).map(([path, methods]) => ({ pattern: new RegExp(`^${path.replaceAll(".", "\\.")}$`), methods }));
  return [...others, ...documented];
}

/** The methods the route at `pathname` serves, or null when no route of this table matches. */
export function allowedMethods(pathname: string): string[] | null {
  routes ??= routeTable();
  return routes.find((r) => r.pattern.test(pathname))?.methods ?? null;
}

/** 405 with Allow when the route exists but does not serve `method`; null otherwise. */
export function methodNotAllowed(pathname: string, method: string): Response | null {
  const methods = allowedMethods(pathname);
  if (!methods || methods.includes(method)) return null;
  return Response.json(
    { error: { code: "method_not_allowed", message: `${method} is not supported here; use ${methods.join(", ")}` } },
    { status: 405, headers: { Allow: methods.join(", ") } },
  );
}
