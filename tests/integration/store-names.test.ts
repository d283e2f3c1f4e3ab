// Issue #9, items 5 and 6, through the real POST /api/v1/stores handler and PostgreSQL:
// the display-name rules match the store chart's schema (so a store never fails late on input
// the portal accepted), and a deleted store's name is held for its owner for a while.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createApiToken } from "@/lib/tokens/service";
import { POST as createStoreRoute } from "@/app/api/v1/stores/route";
import { DELETE as deleteStoreRoute } from "@/app/api/v1/stores/[id]/route";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";
import { callRoute } from "../support/http";

let alice: string;
let bob: string;
beforeEach(async () => {
  await resetDatabase();
  const admin = await makeUser("admin");
  const a = await makeUser("member", { admin, quota: 10 });
  const b = await makeUser("member", { admin, quota: 10 });
  alice = (await createApiToken({ name: "alice" }, contextOf(a, "api"))).token;
  bob = (await createApiToken({ name: "bob" }, contextOf(b, "api"))).token;
});
afterAll(disconnectDb);

const create = (token: string, body: Record<string, unknown>) =>
  callRoute(createStoreRoute, { method: "POST", path: "/api/v1/stores", token, body: { size: "small", ...body } });

describe("display names (item 5)", () => {
  it("refuses control characters, line breaks and | with a field error, writing nothing", async () => {
    const hostile = ["Line\nbreak", "Carriage\rreturn", "Tab\there", "Bell\u0007", "Nul\u0000byte", "Delete\u007f", "Next line\u0085", "Line\u2028separator", "Pipe|name"];
    for (const [i, displayName] of hostile.entries()) {
      const res = await create(alice, { name: `hostile-${i}`, displayName });
      expect(res.status, JSON.stringify(displayName)).toBe(422);
      expect(res.body.error.fieldErrors.displayName, JSON.stringify(displayName)).toHaveLength(1);
    }
    expect(await db().store.count()).toBe(0);
  });

  it("counts characters as the chart schema does (code points) and stops at 80", async () => {
    expect((await create(alice, { name: "long-one", displayName: "x".repeat(81) })).body.error.fieldErrors.displayName).toEqual([
      "Display name must be at most 80 characters",
    ]);
    const astral = await create(alice, { name: "astral", displayName: "\u{1F6D2}".repeat(80) });
    expect(astral.status).toBe(201);
  });

  it("accepts every other printable text, flags-looking words included", async () => {
    for (const [i, displayName] of ["--exec=file_put_contents('/tmp/x','owned');", "Café Ünïcödé 😀", `"quotes" 'and' $(id) \`ticks\``].entries()) {
      const res = await create(alice, { name: `fine-${i}`, displayName });
      expect(res.status, displayName).toBe(201);
      expect(res.body.store.displayName).toBe(displayName);
    }
  });
});

describe("a deleted store's name (item 6)", () => {
  async function createAndDelete(token: string, name: string, deletedDaysAgo = 0) {
    const created = await create(token, { name });
    expect(created.status).toBe(201);
    const id = created.body.store.id as string;
    expect((await callRoute(deleteStoreRoute, { method: "DELETE", path: `/api/v1/stores/${id}`, token, params: { id } })).status).toBe(202);
    // What the worker does once the namespace is gone.
    await db().store.update({ where: { id }, data: { phase: "Deleted", deletedAt: new Date(Date.now() - deletedDaysAgo * 86_400_000) } });
  }

  it("is held for its owner: others get 409 with a clear message", async () => {
    await createAndDelete(alice, "held-name");
    const res = await create(bob, { name: "held-name" });
    expect(res.status).toBe(409);
    expect(res.body.error.fieldErrors.name).toEqual([
      expect.stringMatching(/^The name "held-name" belonged to a store deleted on \d{4}-\d{2}-\d{2}; it is held for that store's owner until \d{4}-\d{2}-\d{2}\. Choose another name\.$/),
    ]);
    expect(await db().store.count({ where: { slug: "held-name", deletedAt: null } })).toBe(0);
  });

  it("can be taken again by its owner within the period", async () => {
    await createAndDelete(alice, "mine-again");
    expect((await create(alice, { name: "mine-again" })).status).toBe(201);
  });

  it("is free for everyone once the period (30 days by default) is over", async () => {
    await createAndDelete(alice, "old-name", 31);
    expect((await create(bob, { name: "old-name" })).status).toBe(201);
  });
});
