// The REST API over real HTTP: tokens, one error shape, idempotent create, and the
// authorization matrix (a member cannot touch another member's store; admins can; anonymous
// callers get 401).
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN_EMAIL, createApiToken, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test.describe.configure({ mode: "serial" });

let ownerToken = "";
let otherToken = "";
let adminToken = "";
let storeId = "";
const storeName = `api-${Date.now().toString(36)}`;

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function call(request: APIRequestContext, method: string, path: string, token?: string, data?: unknown) {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: token ? auth(token) : {}, data });
  const body = response.headers()["content-type"]?.includes("json") ? await response.json() : await response.text();
  return { status: response.status(), body, headers: response.headers() };
}

test("users create personal API tokens in the portal", async ({ page }) => {
  await signUp(page, uniqueEmail("api-owner"), "Olive Owner");
  ownerToken = await createApiToken(page, "owner token");
  await signOut(page);
  await signUp(page, uniqueEmail("api-other"), "Oscar Other");
  otherToken = await createApiToken(page, "other token");
  await signOut(page);
  await signIn(page, ADMIN_EMAIL);
  adminToken = await createApiToken(page, "admin token");
});

test("anonymous calls get 401 JSON on every endpoint", async ({ request }) => {
  const endpoints: [string, string][] = [
    ["GET", "/stores"],
    ["POST", "/stores"],
    ["GET", "/stores/x"],
    ["DELETE", "/stores/x"],
    ["POST", "/stores/x/suspend"],
    ["POST", "/stores/x/resume"],
    ["POST", "/stores/x/retry"],
    ["GET", "/stores/x/events"],
    ["POST", "/stores/x/credentials"],
    ["GET", "/audit"],
    ["GET", "/users"],
  ];
  for (const [method, path] of endpoints) {
    const res = await call(request, method, path);
    expect(res.status, `${method} ${path}`).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "unauthenticated" } });
  }
  expect((await call(request, "GET", "/stores", "sf_not-a-real-token")).status).toBe(401);
});

test("bad input gets 422 with field errors and creates nothing", async ({ request }) => {
  const res = await call(request, "POST", "/stores", ownerToken, { name: "Bad_Name", size: "small" });
  expect(res.status).toBe(422);
  expect(res.body).toEqual({ error: { code: "validation_failed", message: expect.any(String), fieldErrors: { name: ["Use only lowercase letters, digits and hyphens"] } } });
  const notJson = await request.fetch("/api/v1/stores", { method: "POST", headers: { ...auth(ownerToken), "content-type": "application/json" }, data: "{oops" });
  expect(notJson.status()).toBe(422);
  expect((await call(request, "GET", "/stores", ownerToken)).body.total).toBe(0);
});

test("two creates with one Idempotency-Key make one store and the same response", async ({ request }) => {
  const send = () =>
    request.post("/api/v1/stores", { headers: { ...auth(ownerToken), "Idempotency-Key": `create-${storeName}` }, data: { name: storeName, size: "small", displayName: "API Shop" } });
  const first = await send();
  const second = await send();
  expect(first.status()).toBe(201);
  expect(second.status()).toBe(201);
  expect(second.headers()["idempotent-replayed"]).toBe("true");
  const firstBody = await first.json();
  expect(await second.json()).toEqual(firstBody);
  storeId = firstBody.store.id;
  expect(first.headers().location).toBe(`/api/v1/stores/${storeId}`);
  const list = await call(request, "GET", "/stores", ownerToken);
  expect(list.body.items.filter((s: { slug: string }) => s.slug === storeName)).toHaveLength(1);
  const reused = await call(request, "POST", "/stores", ownerToken, { name: `${storeName}-b`, size: "small" });
  expect(reused.status).toBe(201); // no key: a new store
  const dup = await call(request, "POST", "/stores", ownerToken, { name: storeName, size: "small" });
  expect(dup.status).toBe(409);
  expect(dup.body.error.fieldErrors.name[0]).toContain("already exists");
});

test("another member can neither see nor change the store", async ({ request }) => {
  expect((await call(request, "GET", "/stores", otherToken)).body.items).toEqual([]);
  for (const [method, path] of [
    ["GET", `/stores/${storeId}`],
    ["GET", `/stores/${storeId}/events`],
    ["POST", `/stores/${storeId}/credentials`],
    ["POST", `/stores/${storeId}/suspend`],
    ["POST", `/stores/${storeId}/resume`],
    ["POST", `/stores/${storeId}/retry`],
    ["DELETE", `/stores/${storeId}`],
  ] as const) {
    const res = await call(request, method, path, otherToken);
    expect(res.status, `${method} ${path}`).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "not_found", message: "Store not found" } });
  }
  const still = await call(request, "GET", `/stores/${storeId}`, ownerToken);
  expect(still.body.store).toMatchObject({ desiredState: "present" });
  expect((await call(request, "GET", "/users", otherToken)).status).toBe(403);
});

test("the owner and admins can read it; events and audit are visible to them", async ({ request }) => {
  expect((await call(request, "GET", `/stores/${storeId}`, ownerToken)).status).toBe(200);
  const asAdmin = await call(request, "GET", `/stores/${storeId}`, adminToken);
  expect(asAdmin.status).toBe(200);
  expect(asAdmin.body.store.slug).toBe(storeName);
  expect((await call(request, "GET", `/stores/${storeId}/events`, adminToken)).body.events).toEqual(expect.any(Array));
  const audit = await call(request, "GET", `/audit?storeId=${storeId}`, ownerToken);
  expect(audit.body.items[0]).toMatchObject({ action: "store.create", via: "api" });
  const adminFilter = await call(request, "GET", `/stores?ownerId=${asAdmin.body.store.owner.id}`, adminToken);
  expect(adminFilter.body.items.map((s: { id: string }) => s.id)).toContain(storeId);
});

test("an admin can delete a member's store through the API", async ({ request }) => {
  const res = await call(request, "DELETE", `/stores/${storeId}`, adminToken);
  expect(res.status).toBe(202);
  expect(res.body.store.desiredState).toBe("absent");
  expect((await call(request, "DELETE", `/stores/${storeId}`, ownerToken)).status).toBe(409);
});

test("a revoked token and a disabled user's token stop working", async ({ page, request }) => {
  await signIn(page, ADMIN_EMAIL);
  const spare = await createApiToken(page, "spare");
  expect((await call(request, "GET", "/stores", spare)).status).toBe(200);
  await page.getByTestId("token-spare").getByRole("button", { name: /Revoke/ }).click();
  await page.getByTestId("token-spare").getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByTestId("token-spare")).toContainText("Revoked");
  expect((await call(request, "GET", "/stores", spare)).status).toBe(401);

  const users = await call(request, "GET", "/users", adminToken);
  const other = users.body.users.find((u: { name: string }) => u.name === "Oscar Other");
  expect((await call(request, "GET", "/stores", otherToken)).status).toBe(200);
  expect((await call(request, "PATCH", `/users/${other.id}`, adminToken, { disabled: true })).status).toBe(200);
  expect((await call(request, "GET", "/stores", otherToken)).status).toBe(401);
});

test("the OpenAPI document describes the API", async ({ request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/stores", "/stores/{id}", "/stores/{id}/events", "/stores/{id}/suspend"]));
  expect(doc.paths["/stores"].post.requestBody.content["application/json"].schema.properties.size.enum).toEqual(["small", "medium", "large"]);
});
