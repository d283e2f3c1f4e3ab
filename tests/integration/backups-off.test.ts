// Without an object store (BACKUP_S3_ENDPOINT unset) backups are off: a request is refused with
// the reason, nothing is written, and a delete queues no final backup.
delete process.env.BACKUP_S3_ENDPOINT;

import { afterAll, beforeEach, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { changeStoreLifecycle, createStore } from "@/lib/stores/service";
import { requestBackup } from "@/lib/backups/service";
import { ConflictError } from "@/lib/errors";
import { resetDatabase } from "../support/db";
import { contextOf, makeUser } from "../support/actors";

beforeEach(resetDatabase);
afterAll(disconnectDb);

it("refuses backups and queues no final one when no object store is configured", async () => {
  const admin = await makeUser("admin");
  const { store } = await createStore({ name: "bk-off", size: "small" }, contextOf(admin));
  await db().store.update({ where: { id: store.id }, data: { phase: "Ready", observedGeneration: 1 } });
  await expect(requestBackup(store.id, contextOf(admin))).rejects.toThrow(new ConflictError("Backups are not configured on this platform (BACKUP_S3_ENDPOINT)"));
  await changeStoreLifecycle(store.id, "delete", contextOf(admin));
  expect(await db().backup.count()).toBe(0);
});
