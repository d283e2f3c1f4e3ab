// The OpenAPI document and the route handlers agree: every documented operation has its handler
// exported by the route file, no route file exports an undocumented method, and the 405 answer
// (served by proxy.ts from the same table) names exactly the documented methods in Allow.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/app/api/_lib/openapi";
import { allowedMethods, methodNotAllowed } from "@/app/api/_lib/methods";

const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];
const paths = Object.entries(openApiDocument().paths);

function routeFile(apiPath: string): string {
  return path.join(process.cwd(), "app/api/v1", apiPath.replace(/\{([^}]+)\}/g, "[$1]"), "route.ts");
}

describe("the OpenAPI document and the handlers", () => {
  it("has no unresolvable references: every $ref points into components", () => {
    const doc = openApiDocument();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref.replace("#/components/schemas/", ""));
    expect(JSON.stringify(doc)).not.toContain("$defs");
  });

  it("lists for each path exactly the methods its route file exports", async () => {
    for (const [apiPath, operations] of paths) {
      const file = routeFile(apiPath);
      expect(existsSync(file), file).toBe(true);
      const exported = Object.keys(await import(file)).filter((name) => HTTP_METHODS.includes(name)).sort();
      expect(exported, apiPath).toEqual(Object.keys(operations).map((m) => m.toUpperCase()).sort());
    }
  });

  it("answers 405 with Allow for every other method, TRACE included", async () => {
    for (const [apiPath, operations] of paths) {
      const concrete = `/api/v1${apiPath.replace(/\{[^}]+\}/g, "abc123")}`;
      const documented = Object.keys(operations).map((m) => m.toUpperCase());
      expect(allowedMethods(concrete)).toEqual(documented);
      for (const method of [...HTTP_METHODS, "TRACE", "CONNECT"]) {
        const refusal = methodNotAllowed(concrete, method);
        if (documented.includes(method)) expect(refusal, `${method} ${apiPath}`).toBeNull();
        else {
          expect(refusal?.status, `${method} ${apiPath}`).toBe(405);
          expect(refusal?.headers.get("allow")).toBe(documented.join(", "));
        }
      }
    }
  });
});
