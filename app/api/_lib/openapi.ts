// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the handlers parse
// input with and the domain shapes its responses with, so the two cannot drift apart. Schemas
// that carry an id (.meta({ id })) become components, referenced as #/components/schemas/<id>,
// so the document is self-contained. The methods it lists per path are also the only ones the
// API serves (app/api/_lib/methods.ts answers 405 to the rest).
import { z } from "zod";
import { env } from "@/lib/config/env";
import { backupViewSchema } from "@/lib/backups/views";
import { STORE_PHASES } from "@/lib/stores/lifecycle";
import { cloneStoreSchema, createStoreSchema, listStoresQuerySchema, resizeStoreSchema } from "@/lib/stores/schemas";
import { storeEventViewSchema, storeViewSchema } from "@/lib/stores/views";
import { storeLogsQuerySchema, storeLogsViewSchema } from "@/lib/stores/logs";
import { storeHealthViewSchema } from "@/lib/stores/health-service";
import { domainViewSchema } from "@/lib/domains/views";
import { HOST_PATTERN } from "@/lib/domains/rules";
import { userUpdateSchema } from "@/lib/users/schemas";
import { userListEntryViewSchema, userSummaryViewSchema } from "@/lib/users/views";
import { auditEntryViewSchema, auditQuerySchema } from "@/lib/audit/query";
import { RECORD_ID } from "@/lib/validation";
import { pinStoreSchema, ROLLOUT_CONTROLS, startRolloutSchema, type RolloutControl } from "@/lib/rollouts/rules";
import { rolloutDetailSchema, rolloutViewSchema, versionViewSchema } from "@/lib/rollouts/views";

type JsonSchema = { [key: string]: unknown };

const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. validation_failed, not_found, quota_exceeded, rate_limited" }),
      message: z.string().meta({ description: "Human-readable explanation" }),
      fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

const pageOf = (items: z.ZodType) => z.object({ items: z.array(items), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** Moves zod's $defs into `components` and points every reference there. */
function hoist(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, $schema: _dialect, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] = hoist(def, components);
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function generator(components: Record<string, JsonSchema>) {
  const toSchema = (schema: z.ZodType, io: "input" | "output" = "output") =>
    hoist(z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema, components);
  const json = (schema: z.ZodType, io: "input" | "output" = "output") => ({ content: { "application/json": { schema: toSchema(schema, io) } } });
  const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c]!, ...json(errorSchema) }]));
  const queryParameters = (schema: z.ZodObject) => {
    const { properties, required = [] } = toSchema(schema, "input") as { properties: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(properties).map(([name, s]) => ({ name, in: "query", required: required.includes(name), schema: s }));
  };
  return { toSchema, json, errors, queryParameters };
}

const ERROR_TEXT: Record<number, string> = {
  401: "Not signed in, or the API token is unknown, revoked, expired or its owner disabled",
  403: "Not allowed: not an administrator, over quota, a read-only token asked to change something, or a cross-site request made with the session cookie",
  404: "No such store, user or rollout, or not yours",
  409: "Conflicts with the current state (name taken or held, wrong phase (e.g. resizing a store that is not ready, suspended or failed), idempotency key reused, an administrator disabling or demoting themself, another rollout under way)",
  413: "The request body is over the size limit (API_BODY_LIMIT_BYTES)",
  422: "Invalid input (e.g. an unknown size, the store's own size, or a size with less storage); fieldErrors names each bad field",
  429: "Too many store creations; see Retry-After",
};

const ROLLOUT_CONTROL_TEXT: Record<RolloutControl, string> = {
  pause: "Admin: pause a running rollout (audit-logged): no new batch starts; stores already upgrading finish",
  resume: "Admin: resume a paused or stopped rollout (audit-logged): it goes on with the next batch",
  rollback: "Admin: roll a rollout back (audit-logged): every store it upgraded returns to the version it ran before",
};

const idParam = { name: "id", in: "path", required: true, schema: { type: "string", pattern: RECORD_ID.source } };

/** What a client can do next with the store a create returned (OpenAPI links, which API tools
 * and schemathesis's stateful phase follow). */
const storeLinks = Object.fromEntries(
  ["getStore", "deleteStore", "suspendStore", "resumeStore", "retryStore", "resizeStore", "listStoreEvents", "revealStoreCredentials", "createAdminLoginLink"].map((operationId) => [
    operationId,
    { operationId, parameters: { id: "$response.body#/store/id" } },
  ]),
);

export function openApiDocument() {
  const components: Record<string, JsonSchema> = {};
  const { json, errors, queryParameters } = generator(components);
  const store = (status: string, description: string) => ({ [status]: { description, ...json(z.object({ store: storeViewSchema })) } });
  // Every request may be refused: 401 (who?), 403 (cookie without same origin, read-only token).
  const writeErrors = (...codes: number[]) => errors(401, 403, ...codes);
  const lifecycle = (action: string, summary: string) => ({
    post: { summary, operationId: `${action}Store`, parameters: [idParam], responses: { ...store("202", "Intent recorded; the worker acts on it"), ...writeErrors(404, 409) } },
  });
  const idempotencyKeyParam = {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
    description: "1-255 visible ASCII characters. Repeat a create safely: the same key returns the first response for a day",
  };
  const paths = {
    "/stores": {
      get: {
        summary: "List stores (yours; admins: all)",
        operationId: "listStores",
        parameters: queryParameters(listStoresQuerySchema),
        responses: { "200": { description: "A page of stores", ...json(pageOf(storeViewSchema)) }, ...errors(401, 422) },
      },
      post: {
        summary: "Create a store",
        operationId: "createStore",
        parameters: [idempotencyKeyParam],
        requestBody: { required: true, ...json(createStoreSchema(env().STORE_SIZES), "input") },
        responses: {
          "201": { ...store("201", "Recorded; provisioning starts")["201"], links: storeLinks },
          ...writeErrors(409, 413, 422, 429),
        },
      },
    },
    "/stores/{id}": {
      get: { summary: "Get a store", operationId: "getStore", parameters: [idParam], responses: { ...store("200", "The store"), ...errors(401, 404) } },
      delete: { summary: "Delete a store and everything it has", operationId: "deleteStore", parameters: [idParam], responses: { ...store("202", "Deletion requested"), ...writeErrors(404, 409) } },
    },
    "/stores/{id}/suspend": lifecycle("suspend", "Scale the store to zero, keeping its data"),
    "/stores/{id}/resume": lifecycle("resume", "Bring a suspended store back"),
    "/stores/{id}/retry": lifecycle("retry", "Retry a failed store"),
    "/stores/{id}/resize": {
      post: {
        summary: "Change the store's size preset: resources and quota follow; the volumes grow where their StorageClass allows expansion (else volumeNote says why not); storage never shrinks",
        operationId: "resizeStore",
        parameters: [idParam],
        requestBody: { required: true, ...json(resizeStoreSchema(env().STORE_SIZES), "input") },
        responses: { ...store("202", "Intent recorded; the worker applies the new size"), ...writeErrors(404, 409, 413, 422) },
      },
    },
    "/stores/{id}/events": {
      get: {
        summary: "The store's provisioning timeline",
        operationId: "listStoreEvents",
        parameters: [idParam],
        responses: { "200": { description: "Events, oldest first", ...json(z.object({ events: z.array(storeEventViewSchema) })) }, ...errors(401, 404) },
      },
    },
    "/stores/{id}/backups": {
      get: {
        summary: "The store's backups, newest first (at most 50)",
        operationId: "listStoreBackups",
        parameters: [idParam],
        responses: { "200": { description: "Backups", ...json(z.object({ backups: z.array(backupViewSchema) })) }, ...errors(401, 404) },
      },
      post: {
        summary: "Back the store up now: its database and wp-content to the object store (audit-logged)",
        operationId: "requestStoreBackup",
        parameters: [idParam],
        responses: {
          "202": { description: "Queued; the worker runs it", ...json(z.object({ backup: backupViewSchema })) },
          ...writeErrors(404, 409),
        },
      },
    },
    "/stores/{id}/backups/{backupId}/restore": {
      post: {
        summary: "Restore a backup into its store: WordPress stops, the database and wp-content are replaced, WordPress starts again (audit-logged)",
        operationId: "restoreStoreBackup",
        parameters: [idParam, { ...idParam, name: "backupId" }],
        responses: { ...store("202", "Restore requested; the worker runs it"), ...writeErrors(404, 409) },
      },
    },
    "/stores/{id}/backups/{backupId}/clone": {
      post: {
        summary: "Clone the store from a backup into a new store of yours: the create rules apply (name, quota, rate); the source's size unless one is chosen, never less storage; URLs are rewritten to the new store's (audit-logged)",
        operationId: "cloneStoreBackup",
        parameters: [idParam, { ...idParam, name: "backupId" }, idempotencyKeyParam],
        requestBody: { required: true, ...json(cloneStoreSchema(env().STORE_SIZES), "input") },
        responses: {
          "201": { ...store("201", "Recorded; the worker provisions the clone around a restore of the backup")["201"], links: storeLinks },
          ...writeErrors(404, 409, 413, 422, 429),
        },
      },
    },
    "/stores/{id}/undelete": {
      post: {
        summary: "Undo a delete: bring a deleted store back, under its name and URL, from its newest backup, while its name is held for its owner (audit-logged)",
        operationId: "undeleteStore",
        parameters: [idParam],
        responses: { ...store("202", "Recorded; the worker provisions the store again around the restore"), ...writeErrors(404, 409) },
      },
    },
    "/stores/{id}/domains": {
      get: {
        summary: "The store's custom domains, each with the DNS records it needs",
        operationId: "listStoreDomains",
        parameters: [idParam],
        responses: { "200": { description: "Domains, oldest first", ...json(z.object({ domains: z.array(domainViewSchema) })) }, ...errors(401, 404) },
      },
      post: {
        summary: "Add a custom domain (audit-logged): create the DNS records it names, then verify it",
        operationId: "addStoreDomain",
        parameters: [idParam],
        requestBody: {
          required: true,
          ...json(z.object({ host: z.string().max(253).regex(HOST_PATTERN).meta({ description: "A host name such as shop.example.com; not under the platform's store domain" }) }), "input"),
        },
        responses: { "201": { description: "Added, not yet verified", ...json(z.object({ domain: domainViewSchema })) }, ...writeErrors(404, 409, 413, 422) },
      },
    },
    "/stores/{id}/domains/{domainId}": {
      delete: {
        summary: "Remove a custom domain (audit-logged); a verified one leaves the store's route",
        operationId: "removeStoreDomain",
        parameters: [idParam, { ...idParam, name: "domainId" }],
        responses: { "204": { description: "Removed" }, ...writeErrors(404, 409) },
      },
    },
    "/stores/{id}/domains/{domainId}/verify": {
      post: {
        summary: "Verify a custom domain through its TXT record (audit-logged); once verified, the store's route and WordPress serve it",
        operationId: "verifyStoreDomain",
        parameters: [idParam, { ...idParam, name: "domainId" }],
        responses: {
          "200": { description: "Verified (the worker adds it to the route)", ...json(z.object({ domain: domainViewSchema })) },
          ...writeErrors(404, 409),
          "503": { description: "The DNS look-up failed", ...json(errorSchema) },
        },
      },
    },
    "/stores/{id}/health": {
      get: {
        summary: "The store's health checks: the latest result, Degraded or not, and uptime and mean response time per hour (24 h) and per day (30 days)",
        operationId: "getStoreHealth",
        parameters: [idParam],
        responses: { "200": { description: "Its health", ...json(z.object({ health: storeHealthViewSchema })) }, ...errors(401, 404) },
      },
    },
    "/stores/{id}/logs": {
      get: {
        summary: "The recent log of the store's WordPress, MariaDB or bootstrap, oldest line first, secrets redacted (audit-logged)",
        operationId: "readStoreLogs",
        parameters: [idParam, ...queryParameters(storeLogsQuerySchema)],
        responses: {
          "200": { description: "The log", ...json(z.object({ logs: storeLogsViewSchema })) },
          ...errors(401, 404, 409, 422),
          "503": { description: "The cluster cannot be reached right now", ...json(errorSchema) },
        },
      },
    },
    "/stores/{id}/credentials": {
      post: {
        summary: "Reveal the store's WordPress admin login (audit-logged; not with a read-only token)",
        operationId: "revealStoreCredentials",
        parameters: [idParam],
        responses: {
          "200": { description: "The login", ...json(z.object({ credentials: z.object({ username: z.string(), password: z.string(), adminUrl: z.string() }) })) },
          ...writeErrors(404, 409),
          "503": { description: "The cluster cannot be reached right now", ...json(errorSchema) },
        },
      },
    },
    "/stores/{id}/admin-login": {
      post: {
        summary: "A single-use link, valid for 60 s, that signs the store's administrator into WordPress admin (audit-logged; not with a read-only token)",
        operationId: "createAdminLoginLink",
        parameters: [idParam],
        responses: {
          "200": { description: "Open the link in a browser", ...json(z.object({ login: z.object({ url: z.string(), expiresAt: z.iso.datetime() }) })) },
          ...writeErrors(404, 409),
          "503": { description: "The cluster cannot be reached right now", ...json(errorSchema) },
        },
      },
    },
    "/stores/{id}/pin": {
      put: {
        summary: "Pin the store to its current versions for a number of days: rollouts skip it (audit-logged)",
        operationId: "pinStore",
        parameters: [idParam],
        requestBody: { required: true, ...json(pinStoreSchema, "input") },
        responses: { ...store("200", "Pinned"), ...writeErrors(404, 409, 413, 422) },
      },
      delete: {
        summary: "Unpin the store: rollouts may upgrade it again (audit-logged)",
        operationId: "unpinStore",
        parameters: [idParam],
        responses: { ...store("200", "Unpinned"), ...writeErrors(404) },
      },
    },
    "/versions": {
      get: {
        summary: "Admin: the fleet versions (store chart, images, WooCommerce), newest first, with how many live stores run each",
        operationId: "listVersions",
        responses: { "200": { description: "Versions", ...json(z.object({ versions: z.array(versionViewSchema) })) }, ...errors(401, 403) },
      },
    },
    "/rollouts": {
      get: {
        summary: "Admin: the latest rollouts, newest first",
        operationId: "listRollouts",
        responses: { "200": { description: "Rollouts", ...json(z.object({ rollouts: z.array(rolloutViewSchema) })) }, ...errors(401, 403) },
      },
      post: {
        summary: "Admin: start a rollout of a fleet version to every live store not on it (audit-logged): a canary batch, then batches, each store Ready and healthy before the next; pinned stores are skipped",
        operationId: "startRollout",
        requestBody: { required: true, ...json(startRolloutSchema, "input") },
        responses: { "202": { description: "Recorded; the worker drives it", ...json(z.object({ rollout: rolloutDetailSchema })) }, ...writeErrors(404, 409, 413, 422) },
      },
    },
    "/rollouts/{id}": {
      get: {
        summary: "Admin: a rollout with each store's batch and result",
        operationId: "getRollout",
        parameters: [idParam],
        responses: { "200": { description: "The rollout", ...json(z.object({ rollout: rolloutDetailSchema })) }, ...errors(401, 403, 404) },
      },
    },
    ...Object.fromEntries(
      ROLLOUT_CONTROLS.map((control) => [
        `/rollouts/{id}/${control}`,
        {
          post: {
            summary: ROLLOUT_CONTROL_TEXT[control],
            operationId: `${control}Rollout`,
            parameters: [idParam],
            responses: { "202": { description: "Recorded; the worker acts on it", ...json(z.object({ rollout: rolloutDetailSchema })) }, ...writeErrors(404, 409) },
          },
        },
      ]),
    ),
    "/audit": {
      get: {
        summary: "Audit log entries visible to you",
        operationId: "listAudit",
        parameters: queryParameters(auditQuerySchema),
        responses: { "200": { description: "A page of entries, newest first", ...json(pageOf(auditEntryViewSchema)) }, ...errors(401, 422) },
      },
    },
    "/users": {
      get: { summary: "Admin: list users", operationId: "listUsers", responses: { "200": { description: "Users", ...json(z.object({ users: z.array(userListEntryViewSchema) })) }, ...errors(401, 403) } },
    },
    "/users/{id}": {
      patch: {
        summary: "Admin: change a user's role, quota or disabled flag ({} changes nothing)",
        operationId: "updateUser",
        parameters: [idParam],
        requestBody: { required: true, ...json(userUpdateSchema, "input") },
        responses: { "200": { description: "The user", ...json(z.object({ user: userSummaryViewSchema })) }, ...writeErrors(404, 409, 413, 422) },
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Storefleet API",
      version: "1.0.0",
      description:
        "Create, watch, suspend, resume, resize and delete WooCommerce stores. Authenticate with a personal API token (Authorization: Bearer sf_...). A portal session cookie works too, for requests from the portal's own origin with a JSON body.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Personal API token, created on the API tokens page; full access or read only" } },
    },
    "x-store-phases": STORE_PHASES,
  };
}
