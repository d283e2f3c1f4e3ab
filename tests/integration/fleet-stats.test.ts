// The admin status page's fleet figures against a real PostgreSQL: live stores today, provisioning
// times from the timelines, Failed stores by reason and failed steps per day.
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createStore } from "@/lib/stores/service";
import { fleetStats } from "@/lib/stores/fleet-stats";
import { contextOf, useCast } from "../support/actors";

const cast = useCast();
afterAll(disconnectDb);

describe("fleet statistics", () => {
  it("count today's live stores, time the first Ready from the timeline, and group failures", async () => {
    const before = await fleetStats();
    const { store: ready } = await createStore({ name: "fleet-ready", size: "small" }, contextOf(cast.alice));
    const created = (await db().store.findUniqueOrThrow({ where: { id: ready.id } })).createdAt;
    await db().storeEvent.create({ data: { storeId: ready.id, generation: 1, step: "ready", state: "succeeded", message: "Store is ready", startedAt: created, finishedAt: new Date(created.getTime() + 170_000) } });
    const { store: failed } = await createStore({ name: "fleet-failed", size: "small" }, contextOf(cast.alice));
    await db().store.update({ where: { id: failed.id }, data: { phase: "Failed", failureReason: "image_pull", observedGeneration: 1 } });
    await db().storeEvent.create({ data: { storeId: failed.id, generation: 1, step: "wordpress", state: "failed", message: "Image pull error", finishedAt: new Date() } });

    const after = await fleetStats();
    expect(after.liveByDay).toHaveLength(30);
    expect(after.liveByDay.at(-1)!.value).toBe(before.liveByDay.at(-1)!.value + 2);
    expect(after.provisioning.count).toBe(before.provisioning.count + 1);
    expect(after.provisioning.bins.find((b) => b.label === "2-4 min")!.value).toBe(before.provisioning.bins.find((b) => b.label === "2-4 min")!.value + 1);
    const pulls = (s: typeof after) => s.failedByReason.find((r) => r.label === "image_pull")?.value ?? 0;
    expect(pulls(after)).toBe(pulls(before) + 1);
    expect(after.failedStepsByDay.at(-1)!.value).toBe(before.failedStepsByDay.at(-1)!.value + 1);
  });
});
