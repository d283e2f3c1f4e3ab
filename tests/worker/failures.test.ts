// Failure reasons read from the real scheduler, and deleting a store that never became Ready.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { useWorkerForFile, createStore, events, namespaceGone, requestChange, waitStore } from "./helpers";

useWorkerForFile();

describe("a store the cluster cannot hold", () => {
  it("fails as unschedulable with the scheduler's message and a hint", async () => {
    const store = await createStore("huge", "huge");
    const failed = await waitStore(store.id, "Failed", (s) => s.phase === "Failed", 240_000);
    expect(failed.failureReason).toBe("unschedulable");
    expect(failed.statusMessage).toMatch(/^Cannot be scheduled: .*Insufficient cpu/);
    expect(failed.statusHint).toMatch(/no node with room/);
    expect((await events(failed.id)).some((e) => e.state === "failed")).toBe(true);
  });

  it("can be deleted while it is still provisioning", async () => {
    const store = await createStore("stuck", "huge");
    await waitStore(store.id, "Provisioning", (s) => s.phase === "Provisioning");
    await requestChange(store.id, { desiredState: "absent" });
    const deleted = await waitStore(store.id, "Deleted", (s) => s.phase === "Deleted" && s.deletedAt !== null, 180_000);
    expect(deleted.desiredState).toBe("absent");
    expect(await namespaceGone(store.slug)).toBe(true);
    // The row stays for the audit trail.
    expect(await db().store.count({ where: { id: store.id } })).toBe(1);
  });
});
