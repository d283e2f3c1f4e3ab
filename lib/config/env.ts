// The only place that reads process.env. Every setting is parsed with zod once; a missing or
// wrong value stops the process with one message naming each bad variable.
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const sizePreset = z.object({
  label: z.string().min(1),
  cpu: z.string().regex(/^\d+(\.\d+)?m?$/, "cpu must be a Kubernetes quantity such as 500m or 2"),
  memory: z.string().regex(/^\d+(Mi|Gi)$/, "memory must be like 512Mi or 2Gi"),
  storage: z.string().regex(/^\d+(Mi|Gi|Ti)$/, "storage must be like 5Gi"),
});
export type SizePreset = z.infer<typeof sizePreset>;

/** A comma-separated list of IP addresses and CIDR ranges (IPv4 or IPv6). */
const addressList = z
  .string()
  .transform((raw) => raw.split(",").map((entry) => entry.trim()).filter(Boolean))
  .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: "each entry must be an IP address or a CIDR range" })));

const DEFAULT_SIZES = JSON.stringify({
  small: { label: "Small", cpu: "1", memory: "1Gi", storage: "5Gi" },
  medium: { label: "Medium", cpu: "2", memory: "2Gi", storage: "20Gi" },
  large: { label: "Large", cpu: "4", memory: "4Gi", storage: "50Gi" },
});

const sizePresets = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON object of size presets" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .record(z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, "preset names are lowercase words"), sizePreset)
      .refine((r) => Object.keys(r).length > 0, "needs at least one preset"),
  );

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Kubernetes labels as "key=value,key=value" (the form of a kubectl label selector). */
const labelPair = /^(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?=(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const labelMap = z
  .string()
  .transform((raw) => raw.split(",").map((pair) => pair.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(labelPair, "must be labels as key=value,key=value")))
  .transform((pairs) => Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])));

const serviceAccount = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, "must be <namespace>/<serviceaccount>");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
    NEXTAUTH_URL: z.url().default("http://localhost:3000"),
    SIGNUP_ENABLED: booleanFlag.default(true),
    ADMIN_EMAIL: z.email().transform((e) => e.toLowerCase()).optional(),
    DEFAULT_STORE_QUOTA: z.coerce.number().int().min(0).max(1000).default(3),
    STORE_CREATE_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    STORE_CREATE_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
    // A deleted store's name stays reserved for its owner this long, so nobody else receives the
    // traffic still addressed to its host name.
    STORE_NAME_HOLD_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
    // Sign-in and sign-up throttling: attempts per client IP, and failed sign-ins (or sign-ups)
    // per e-mail address, in one window.
    AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    AUTH_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    AUTH_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    // Largest request body the API reads; larger ones get 413 without being read whole.
    API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(65_536),
    // Proxies (IPs or CIDRs) whose X-Forwarded-For entries are believed; empty: the client is
    // the socket's peer.
    TRUSTED_PROXIES: addressList.default([]),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_NAME: z.string().min(1).default("Single sign-on"),
    STORE_BASE_DOMAIN: z
      .string()
      .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, "must be a DNS domain such as stores.example.com")
      .default("stores.localtest.me"),
    STORE_URL_SCHEME: z.enum(["http", "https"]).default("http"),
    // Stores' public URLs get ":<port>" (an ingress controller on a port of its own, as in the
    // local test ground); unset: the scheme's default port.
    STORE_URL_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // A YAML file of operator-wide chart values under every store's (lib/worker/base-values.ts).
    STORE_BASE_VALUES_FILE: z.string().min(1).optional(),
    STORE_SIZES: sizePresets.default(JSON.parse(DEFAULT_SIZES)),
    // How shoppers reach stores: a Gateway API HTTPRoute per store on a shared Gateway, or an
    // Ingress per store; auto: gateway when the cluster serves the Gateway API (lib/worker/route-mode.ts).
    STORE_ROUTE_MODE: z.enum(["auto", "gateway", "ingress"]).default("auto"),
    GATEWAY_NAME: z.string().regex(dnsLabel, "must be a Gateway's name").default("storefleet"),
    GATEWAY_NAMESPACE: z.string().regex(dnsLabel, "must be a namespace name").default("storefleet-gateway"),
    // One listener of that Gateway; unset: every listener that admits the routes.
    GATEWAY_LISTENER: z.string().regex(dnsLabel, "must be a listener name").optional(),
    // The namespace (and optionally the pod labels) of the Gateway's or Ingress controller's
    // proxies: the only pods each store's NetworkPolicy lets reach WordPress.
    ROUTER_NAMESPACE: z.string().regex(dnsLabel, "must be a namespace name").default("storefleet-gateway"),
    ROUTER_POD_LABELS: labelMap.default({}),
    // Renamed: a value left over from an older configuration would otherwise be ignored, and
    // every store would refuse its ingress controller's traffic after the next upgrade.
    INGRESS_CONTROLLER_NAMESPACE: z.undefined({ error: "was renamed: set ROUTER_NAMESPACE (and ROUTER_POD_LABELS) to the ingress controller's namespace" }).optional(),
    // Ingress mode only: with Gateway API, TLS is the Gateway listener's certificate.
    INGRESS_CLASS: z.string().min(1).optional(),
    INGRESS_TLS_SECRET: z.string().min(1).optional(),
    CERT_MANAGER_CLUSTER_ISSUER: z.string().min(1).optional(),
    STORE_CHART_PATH: z.string().min(1).default("charts/woocommerce-store"),
    WOOCOMMERCE_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/).optional(),
    HELM_BIN: z.string().min(1).default("helm"),
    HELM_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(600),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    WORKER_LEASE_SECONDS: z.coerce.number().int().min(5).default(60),
    WORKER_RESYNC_SECONDS: z.coerce.number().int().min(5).default(60),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    STORE_READY_TIMEOUT_SECONDS: z.coerce.number().int().min(30).default(900),
    // Health checks of running stores (lib/worker/health.ts): how often each is checked (0: never),
    // and where the checks connect ("host:port" of the router, e.g. its Service inside the cluster),
    // sending the store's host name; unset, they go to the store's URL as it is.
    HEALTH_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
    // Custom domains (lib/domains): the DNS resolvers asked for their TXT proof ("address[:port]",
    // comma-separated); unset: the system's.
    DOMAIN_DNS_SERVERS: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(",").map((x) => x.trim()).filter(Boolean) : [])),
    HEALTH_CHECK_CONNECT_TO: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "must be host:port")
      .optional(),
    // In a cluster (charts/storefleet sets these), the worker makes two RoleBindings in each store
    // namespace it creates: WORKER_STORE_ROLE for its own ServiceAccount, which is where its write
    // rights come from, and PORTAL_CREDENTIALS_ROLE for the portal's, so the portal can read store
    // credentials there and nowhere else. Accounts are "<namespace>/<name>".
    WORKER_SERVICE_ACCOUNT: serviceAccount.optional(),
    WORKER_STORE_ROLE: z.string().min(1).default("storefleet-store-manager"),
    PORTAL_SERVICE_ACCOUNT: serviceAccount.optional(),
    PORTAL_CREDENTIALS_ROLE: z.string().min(1).default("storefleet-store-credentials-reader"),
    // Backups (lib/backups): S3-compatible object storage. Unset endpoint: backups are off.
    BACKUP_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional(),
    BACKUP_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name").optional(),
    BACKUP_S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, "must be a region name such as us-east-1").default("us-east-1"),
    // The worker's keys (the portal needs none); each backup Job gets a copy in a Secret deleted with it.
    BACKUP_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    BACKUP_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // Where backup pods may connect to reach the object store (their NetworkPolicy's egress):
    // addresses or CIDR ranges, and the ports. Default: anywhere, on the endpoint's port.
    BACKUP_S3_EGRESS_CIDRS: addressList.default(["0.0.0.0/0"]),
    // Hours between scheduled backups of each running store; 0: only manual and final backups.
    BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).max(24 * 7).default(24),
    // Scheduled backups kept: the newest of each of the last N days and of the last M weeks.
    BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(366).default(7),
    BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
    // How long a backup Job may run before it is stopped and the backup counted failed.
    BACKUP_TIMEOUT_SECONDS: z.coerce.number().int().min(30).default(3600),
  })
  .superRefine((e, ctx) => {
    const oidc = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      for (const key of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const) {
        if (!e[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when any OIDC_* variable is set" });
      }
    }
    if (e.BACKUP_S3_ENDPOINT && !e.BACKUP_S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["BACKUP_S3_BUCKET"], message: "is required when BACKUP_S3_ENDPOINT is set" });
    }
    if (e.INGRESS_TLS_SECRET && e.CERT_MANAGER_CLUSTER_ISSUER) {
      ctx.addIssue({ code: "custom", path: ["CERT_MANAGER_CLUSTER_ISSUER"], message: "set either INGRESS_TLS_SECRET or CERT_MANAGER_CLUSTER_ISSUER, not both" });
    }
  });

export type Env = z.infer<typeof schema>;

export class InvalidEnvironmentError extends Error {}

/** Parses an environment; throws one error naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, so `FOO=` in a .env file means "use the default".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
  throw new InvalidEnvironmentError(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
}

let cached: Env | undefined;

/** The process's parsed configuration (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
