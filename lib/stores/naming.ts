// Store names and the addresses derived from them (cluster object names: ./cluster-objects.ts).
// Part of the contract between the portal, the worker and the chart (docs/architecture.md,
// "Contracts"): change it only with all three.
import { z } from "zod";
import { singleLineText } from "@/lib/validation";

/** Names that would confuse people or clash with cluster or DNS conventions. */
export const RESERVED_STORE_NAMES = new Set([
  "admin", "api", "app", "auth", "blog", "cdn", "dashboard", "default", "dev", "docs", "ftp", "help",
  "kube-node-lease", "kube-public", "kube-system", "localhost", "mail", "portal", "prod", "root", "shop",
  "smtp", "staging", "static", "status", "storefleet", "support", "system", "test", "www",
]);

/** The store name rules, each with its own message; the first broken rule is the one reported. */
export const storeNameSchema = z
  .string({ error: "Enter a store name" })
  .min(3, { message: "Name must be at least 3 characters", abort: true })
  .max(30, { message: "Name must be at most 30 characters", abort: true })
  .regex(/^[a-z0-9-]+$/, { message: "Use only lowercase letters, digits and hyphens", abort: true })
  .regex(/^[a-z]/, { message: "Name must start with a letter", abort: true })
  .regex(/[^-]$/, { message: "Name must not end with a hyphen", abort: true })
  // "ab--cd" would read as an internationalised (punycode) DNS label in the store's host name.
  .regex(/^(?!.*--)/, { message: "Name must not contain two hyphens in a row", abort: true })
  .refine((name) => !RESERVED_STORE_NAMES.has(name), { message: "This name is reserved; choose another", abort: true })
  // The API's document says so too (JSON Schema `not`), so clients and fuzzers know before asking.
  .meta({ not: { enum: [...RESERVED_STORE_NAMES] } });

/** The longest display name, in characters; the store chart's values.schema.json
 * (store.displayName.maxLength) says the same, which lib/stores/display-name.test.ts checks. */
export const DISPLAY_NAME_MAX = 80;

/** The shop's title (WordPress blogname): one line, no control characters, no "|" (the
 * bootstrap's field separator). The chart's schema pattern refuses the same characters. */
export const storeDisplayNameSchema = singleLineText("Display name", DISPLAY_NAME_MAX).regex(/^[^|]*$/, {
  message: "Display name must not contain |",
  abort: true,
});

/** The WordPress admin user every store is installed with. */
export const STORE_ADMIN_USER = "admin";

export function storeHost(slug: string, baseDomain: string): string {
  return `${slug}.${baseDomain}`;
}

/** Where stores are published: scheme, base domain and, when not the scheme's default, a port. */
export interface StoreUrlConfig {
  STORE_URL_SCHEME: string;
  STORE_BASE_DOMAIN: string;
  STORE_URL_PORT?: number;
}

/** The public URL browsers use; the Ingress host is storeHost (a host has no port). */
export function storeUrl(slug: string, config: StoreUrlConfig): string {
  const port = config.STORE_URL_PORT ? `:${config.STORE_URL_PORT}` : "";
  return `${config.STORE_URL_SCHEME}://${storeHost(slug, config.STORE_BASE_DOMAIN)}${port}`;
}

export function storeAdminUrl(slug: string, config: StoreUrlConfig): string {
  return `${storeUrl(slug, config)}/wp-admin/`;
}
