// The logs API's refusals against a real PostgreSQL, before anything is read from the cluster:
// bad queries (422), others' stores (404), deleted stores (409), and no audit entry for any of
// them. Reading real container logs is proven on the real node (e2e/realstore), and the portal's
// permission to read them, and nothing more, by tests/kube/rbac.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createStore } from "@/lib/stores/service";
import { readStoreLogs } from "@/lib/stores/logs";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { contextOf, useCast } from "../support/actors";

const cast = useCast();
afterAll(disconnectDb);

describe("reading a store's logs", () => {
  it("refuses bad queries, others and deleted stores, writing no audit entry", async () => {
    const { store } = await createStore({ name: "logs-rules", size: "small" }, contextOf(cast.alice));
    for (const query of [{}, { component: "php" }, { component: "wordpress", lines: "0" }, { component: "wordpress", lines: "1001" }, { component: "wordpress", lines: "many" }]) {
      await expect(readStoreLogs(store.id, query, contextOf(cast.alice)), JSON.stringify(query)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(readStoreLogs(store.id, { component: "wordpress" }, contextOf(cast.bob))).rejects.toThrow(new NotFoundError("Store not found"));
    await db().store.update({ where: { id: store.id }, data: { phase: "Deleted", desiredState: "absent", deletedAt: new Date() } });
    await expect(readStoreLogs(store.id, { component: "mariadb" }, contextOf(cast.admin))).rejects.toThrow(new ConflictError("This store has been deleted"));
    expect(await db().auditLog.count({ where: { action: "store.logs_view" } })).toBe(0);
  });
});
