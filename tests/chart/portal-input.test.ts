// Issue #9, item 5: whatever the portal accepts as a store name and display name renders as
// chart values the store chart accepts, so a store never fails late on input the portal took.
// Property tests (fast-check) drive the portal's real schema and chartValues() into the chart's
// values.schema.json (ajv, JSON Schema 2020-12); real Helm then confirms both sides of the rule.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { parseEnv } from "@/lib/config/env";
import { createStoreSchema } from "@/lib/stores/schemas";
import { DISPLAY_NAME_MAX, RESERVED_STORE_NAMES } from "@/lib/stores/naming";
import { chartValues } from "@/lib/worker/values";
import { chartDir, templateError, template } from "./helm";

const schema = JSON.parse(readFileSync(path.join(chartDir, "values.schema.json"), "utf8"));
const defaults = parse(readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const settings = { ...parseEnv({ DATABASE_URL: "postgresql://u:p@localhost/db", AUTH_SECRET: "x".repeat(32) }), routeMode: "gateway" as const };
const storeInput = createStoreSchema(settings.STORE_SIZES);

/** Helm's coalescing of user values over the chart's values.yaml: maps merge, the rest replaces. */
function coalesce(base: unknown, over: unknown): unknown {
  if (typeof base !== "object" || base === null || Array.isArray(base) || typeof over !== "object" || over === null || Array.isArray(over)) return over;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) merged[key] = key in merged ? coalesce(merged[key], value) : value;
  return merged;
}

/** The chart values the worker would render for what the portal accepted (or null if refused). */
function renderedValues(name: string, displayName: string): Record<string, unknown> | null {
  const parsed = storeInput.safeParse({ name, displayName, size: "small" });
  if (!parsed.success) return null;
  const spec = { slug: parsed.data.name, displayName: parsed.data.displayName ?? parsed.data.name, size: parsed.data.size, sampleProducts: parsed.data.sampleProducts, ownerEmail: "owner@example.com", suspended: false };
  return coalesce(defaults, chartValues(spec, settings)) as Record<string, unknown>;
}

const anyText = fc.string({ unit: "binary", maxLength: 120 });
const nameLike = fc.stringMatching(/^[a-z][a-z0-9-]{1,32}$/);
const displayNameLike = fc.oneof(anyText, fc.string({ unit: "grapheme", maxLength: 90 }), fc.constantFrom("--exec=file_put_contents('/tmp/x','owned');", "a|b", "tab\there", "x".repeat(81)));

describe("portal input through chartValues() into the chart schema", () => {
  it("every name and display name the portal accepts gives values the chart schema accepts", () => {
    fc.assert(
      fc.property(fc.oneof(nameLike, anyText), displayNameLike, (name, displayName) => {
        const values = renderedValues(name, displayName);
        if (values && !validate(values)) throw new Error(`${JSON.stringify({ name, displayName })}: ${JSON.stringify(validate.errors)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it("the portal accepts plenty: the property above is not vacuous", () => {
    const accepted = fc.sample(fc.tuple(nameLike, displayNameLike), 2000).filter(([n, d]) => renderedValues(n, d) !== null);
    expect(accepted.length).toBeGreaterThan(200);
  });

  it("the portal refuses what the chart refuses, for every character up to U+2FFF and beyond", () => {
    const pattern = new RegExp(schema.properties.store.properties.displayName.pattern, "u");
    const samples = [...Array.from({ length: 0x3000 }, (_, c) => c), 0xfeff, 0xfffd, 0x1f6d2, 0x10ffff];
    for (const codePoint of samples) {
      const text = `a${String.fromCodePoint(codePoint)}b`;
      const portal = storeInput.safeParse({ name: "myshop", displayName: text, size: "small" }).success;
      expect(portal, `U+${codePoint.toString(16)}`).toBe(pattern.test(text));
    }
  });

  it("both count the same characters and stop at the same length", () => {
    const field = schema.properties.store.properties.displayName;
    expect(field.maxLength).toBe(DISPLAY_NAME_MAX);
    expect(field.minLength).toBe(1);
    expect(renderedValues("myshop", "\u{1F6D2}".repeat(DISPLAY_NAME_MAX))).not.toBeNull();
    expect(renderedValues("myshop", "x".repeat(DISPLAY_NAME_MAX + 1))).toBeNull();
  });

  it("names the chart would take for a release but the portal reserves stay refused", () => {
    for (const reserved of RESERVED_STORE_NAMES) expect(renderedValues(reserved, "")).toBeNull();
  });
});

describe("real Helm agrees", () => {
  it("renders display names the portal accepts, flag-like and non-Latin ones included", async () => {
    for (const displayName of ["--exec=file_put_contents('/tmp/x','owned');", "Café Ünïcödé 😀", `"quotes" $(id) \`ticks\``, "\u{1F6D2}".repeat(DISPLAY_NAME_MAX)]) {
      expect(renderedValues("myshop", displayName)).not.toBeNull();
      const docs = await template("myshop", { "store.displayName": displayName });
      expect(JSON.stringify(docs)).toContain(JSON.stringify(displayName).slice(1, -1));
    }
  });

  it("refuses every kind of character the portal refuses", async () => {
    for (const displayName of ["line\nbreak", "bell\u0007ring", "del\u007fete", "c1\u0085next", "line\u2028separator", "pipe|name", "x".repeat(DISPLAY_NAME_MAX + 1)]) {
      expect(renderedValues("myshop", displayName), JSON.stringify(displayName)).toBeNull();
      expect(await templateError("myshop", { "store.displayName": displayName }), JSON.stringify(displayName)).toMatch(/displayName/);
    }
  });
});
