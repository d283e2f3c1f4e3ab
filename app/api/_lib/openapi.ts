// The OpenAPI 3.1 document of /api/v1, generated from the same zod schemas the handlers parse
// input with and the domain shapes its responses with, so the two cannot drift apart.
import { z } from "zod";
import { env } from "@/lib/config/env";
import { STORE_PHASES } from "@/lib/stores/lifecycle";
import { createStoreSchema, listStoresQuerySchema } from "@/lib/stores/schemas";
import { storeEventViewSchema, storeViewSchema } from "@/lib/stores/views";
import { userUpdateSchema } from "@/lib/users/schemas";

const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. validation_failed, not_found, quota_exceeded" }),
      message: z.string().meta({ description: "Human-readable explanation" }),
      fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

const storePageSchema = z.object({ items: z.array(storeViewSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

function jsonSchema(schema: z.ZodType, io: "input" | "output" = "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12", reused: "inline" });
}

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema: jsonSchema(schema) } } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? "Error", ...json(errorSchema) }]));
const ERROR_TEXT: Record<number, string> = {
  401: "Not signed in, or the API token is unknown, revoked or its owner disabled",
  403: "Not allowed, or over quota",
  404: "No such store, or not yours",
  409: "Conflicts with the current state (name taken, wrong phase, idempotency key reused)",
  422: "Invalid input; fieldErrors names each bad field",
  429: "Too many store creations; see Retry-After",
};
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const store = (status: string, description: string) => ({ [status]: { description, ...json(z.object({ store: storeViewSchema })) } });

function lifecycle(action: string, summary: string) {
  return { post: { summary, operationId: `${action}Store`, parameters: [idParam], responses: { ...store("202", "Intent recorded; the worker acts on it"), ...errors(401, 404, 409) } } };
}

export function openApiDocument() {
  const listQuery = jsonSchema(listStoresQuerySchema, "input") as { properties: Record<string, object> };
  return {
    openapi: "3.1.0",
    info: { title: "Storefleet API", version: "1.0.0", description: "Create, watch, suspend, resume and delete WooCommerce stores. Authenticate with a personal API token (Authorization: Bearer sf_...) or a portal session." },
    servers: [{ url: "/api/v1" }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Personal API token, created on the API tokens page" } } },
    paths: {
      "/stores": {
        get: {
          summary: "List stores (yours; admins: all)",
          operationId: "listStores",
          parameters: Object.entries(listQuery.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
          responses: { "200": { description: "A page of stores", ...json(storePageSchema) }, ...errors(401, 422) },
        },
        post: {
          summary: "Create a store",
          operationId: "createStore",
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Repeat a create safely: the same key returns the first response" }],
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(createStoreSchema(env().STORE_SIZES), "input") } } },
          responses: { ...store("201", "Recorded; provisioning starts"), ...errors(401, 403, 409, 422, 429) },
        },
      },
      "/stores/{id}": {
        get: { summary: "Get a store", operationId: "getStore", parameters: [idParam], responses: { ...store("200", "The store"), ...errors(401, 404) } },
        delete: { summary: "Delete a store and everything it has", operationId: "deleteStore", parameters: [idParam], responses: { ...store("202", "Deletion requested"), ...errors(401, 404, 409) } },
      },
      "/stores/{id}/suspend": lifecycle("suspend", "Scale the store to zero, keeping its data"),
      "/stores/{id}/resume": lifecycle("resume", "Bring a suspended store back"),
      "/stores/{id}/retry": lifecycle("retry", "Retry a failed store"),
      "/stores/{id}/events": {
        get: { summary: "The store's provisioning timeline", operationId: "listStoreEvents", parameters: [idParam], responses: { "200": { description: "Events, oldest first", ...json(z.object({ events: z.array(storeEventViewSchema) })) }, ...errors(401, 404) } },
      },
      "/stores/{id}/credentials": {
        post: {
          summary: "Reveal the store's WordPress admin login (audit-logged)",
          operationId: "revealStoreCredentials",
          parameters: [idParam],
          responses: { "200": { description: "The login", ...json(z.object({ credentials: z.object({ username: z.string(), password: z.string(), adminUrl: z.string() }) })) }, ...errors(401, 404, 409) },
        },
      },
      "/audit": { get: { summary: "Audit log entries visible to you", operationId: "listAudit", responses: { "200": { description: "A page of entries" }, ...errors(401, 422) } } },
      "/users": { get: { summary: "Admin: list users", operationId: "listUsers", responses: { "200": { description: "Users" }, ...errors(401, 403) } } },
      "/users/{id}": {
        patch: {
          summary: "Admin: change a user's role, quota or disabled flag",
          operationId: "updateUser",
          parameters: [idParam],
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(userUpdateSchema, "input") } } },
          responses: { "200": { description: "The user" }, ...errors(401, 403, 404, 422) },
        },
      },
    },
    "x-store-phases": STORE_PHASES,
  };
}
