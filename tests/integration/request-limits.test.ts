// Issue #9, item 12: request limits through the real route handlers, a real API token and a
// real PostgreSQL. Bodies over API_BODY_LIMIT_BYTES get 413 without being read whole, page
// numbers are bounded, and no input (a NUL byte in an id or a filter) yields a 5xx.
process.env.API_BODY_LIMIT_BYTES = "65536";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db/client";
import { createApiToken } from "@/lib/tokens/service";
import { GET as listStoresRoute, POST as createStoreRoute } from "@/app/api/v1/stores/route";
import { DELETE as deleteStoreRoute, GET as getStoreRoute } from "@/app/api/v1/stores/[id]/route";
import { GET as storeEventsRoute } from "@/app/api/v1/stores/[id]/events/route";
import { POST as revealRoute } from "@/app/api/v1/stores/[id]/credentials/route";
import { POST as suspendRoute } from "@/app/api/v1/stores/[id]/suspend/route";
import { PATCH as updateUserRoute } from "@/app/api/v1/users/[id]/route";
import { GET as auditRoute } from "@/app/api/v1/audit/route";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";
import { callRoute } from "../support/http";

let token: string;
beforeAll(async () => {
  await resetDatabase();
  const admin = await makeUser("admin");
  token = (await createApiToken({ name: "limits" }, contextOf(admin, "api"))).token;
});
afterAll(disconnectDb);

/** A body stream that counts how much of it the server pulled. */
function countingStream(totalBytes: number, chunkBytes = 16 * 1024) {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(" ".repeat(chunkBytes));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= totalBytes) return controller.close();
      counter.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

describe("request bodies over the limit", () => {
  it("answers 413 to a 1 MB JSON body that declares its length", async () => {
    const body = JSON.stringify({ name: "big-body", size: "small", displayName: "x".repeat(1024 * 1024) });
    const res = await callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", token, body, headers: { "content-length": String(body.length) } });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: "payload_too_large", message: "The request body is larger than 65536 bytes" } });
  });

  it("answers 413 to a streamed body without reading it whole", async () => {
    const { stream, counter } = countingStream(8 * 1024 * 1024);
    const res = await callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", token, body: stream });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThan(8 * 1024 * 1024);
  });

  it("still accepts a body under the limit", async () => {
    const res = await callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", token, body: { name: "small-body", size: "small" } });
    expect(res.status).toBe(201);
  });
});

describe("page numbers", () => {
  it("refuses a page beyond the bound with 422 instead of querying", async () => {
    for (const route of [listStoresRoute, auditRoute]) {
      const res = await callRoute(route, { path: "/api/v1/x?page=1000000000000", token });
      expect(res.status).toBe(422);
      expect(res.body.error.fieldErrors.page).toEqual(["Page must be at most 10000"]);
    }
  });
});

describe("NUL bytes and other impossible ids", () => {
  const badIds = ["a\u0000b", "%00", "x".repeat(300), "a b"];

  it("answers 404 for every store operation", async () => {
    const routes = [
      [getStoreRoute, "GET"],
      [deleteStoreRoute, "DELETE"],
      [storeEventsRoute, "GET"],
      [revealRoute, "POST"],
      [suspendRoute, "POST"],
    ] as const;
    for (const id of badIds) {
      for (const [route, method] of routes) {
        const res = await callRoute(route, { method, path: "/api/v1/stores/x", token, params: { id } });
        expect(res.status, `${method} ${JSON.stringify(id)}`).toBe(404);
        expect(res.body.error.code).toBe("not_found");
      }
      const user = await callRoute(updateUserRoute, { method: "PATCH", path: "/api/v1/users/x", token, params: { id }, body: { storeQuota: 4 } });
      expect(user.status, `PATCH user ${JSON.stringify(id)}`).toBe(404);
    }
  });

  it("answers 422 for a NUL byte in a filter", async () => {
    expect((await callRoute(listStoresRoute, { path: "/api/v1/stores?ownerId=a%00b", token })).status).toBe(422);
    expect((await callRoute(auditRoute, { path: "/api/v1/audit?storeId=a%00b", token })).status).toBe(422);
  });
});
