// The worker's bookkeeping against the real PostgreSQL: the claim query's idea of "needs work" is
// the lifecycle module's, and every write of a worker that lost its lease (timeline included) is
// refused, so it can never touch the new owner's steps.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DESIRED_STATES, needsWork, NEEDS_WORK_SQL, STORE_PHASES } from "@/lib/stores/lifecycle";
import { claimStores, LeaseLostError, updateOwned } from "@/lib/worker/leases";
import { Timeline } from "@/lib/worker/timeline";
import { resetDatabase, uniqueEmail } from "../support/db";

beforeEach(() => resetDatabase());

async function storeLeasedBy(owner: string | null) {
  const user = await db().user.create({ data: { email: uniqueEmail("lease"), name: "Owner", storeQuota: 5 } });
  return db().store.create({ data: { slug: `lease-${Date.now().toString(36)}`, displayName: "Shop", size: "small", ownerId: user.id, leaseOwner: owner, leaseExpiresAt: owner ? new Date(Date.now() + 60_000) : null } });
}

describe("NEEDS_WORK_SQL", () => {
  it("agrees with needsWork() for every phase, desired state and generation", async () => {
    const cases = DESIRED_STATES.flatMap((desiredState) =>
      STORE_PHASES.flatMap((phase) => [0, 1].map((behind) => ({ desiredState, phase, generation: 2 + behind, observedGeneration: 2 }))),
    );
    const values = cases.map((c, i) => `(${i}, '${c.phase}', '${c.desiredState}', ${c.generation}, ${c.observedGeneration})`).join(", ");
    const rows = await db().$queryRawUnsafe<{ i: number; needs: boolean }[]>(
      `SELECT i, ${NEEDS_WORK_SQL} AS needs FROM (VALUES ${values}) AS s(i, "phase", "desiredState", "generation", "observedGeneration") ORDER BY i`,
    );
    expect(rows.map((r) => r.needs)).toEqual(cases.map(needsWork));
  });
});

describe("claimStores", () => {
  it("never claims a Failed store until its owner asks again", async () => {
    const failed = await storeLeasedBy(null);
    await db().store.update({ where: { id: failed.id }, data: { phase: "Failed", observedGeneration: failed.generation, nextReconcileAt: new Date(Date.now() - 60_000) } });
    const fresh = await storeLeasedBy(null);
    await db().store.update({ where: { id: fresh.id }, data: { nextReconcileAt: new Date() } });
    expect((await claimStores("w", 30, 10)).map((c) => c.id)).toEqual([fresh.id]);

    await db().store.update({ where: { id: failed.id }, data: { generation: { increment: 1 } } }); // a retry
    expect((await claimStores("w2", 30, 10)).map((c) => c.id)).toEqual([failed.id]);
  });
});

describe("lease fencing", () => {
  it("refuses the status and timeline writes of a worker that does not hold the lease", async () => {
    const store = await storeLeasedBy("worker-b");
    const owner = new Timeline(store.id, store.generation, "worker-b");
    await owner.begin("database", "Starting the MariaDB database");

    const stale = new Timeline(store.id, store.generation, "worker-a");
    await expect(stale.begin("wordpress", "Installing WordPress")).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale.failRunning("Interrupted")).rejects.toBeInstanceOf(LeaseLostError);
    await expect(stale.note("repair", "Corrected drift")).rejects.toBeInstanceOf(LeaseLostError);
    await expect(updateOwned(store.id, "worker-a", { phase: "Failed" })).rejects.toBeInstanceOf(LeaseLostError);

    const steps = await db().storeEvent.findMany({ where: { storeId: store.id } });
    expect(steps.map((e) => [e.step, e.state])).toEqual([["database", "running"]]);
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).phase).toBe("Pending");
  });

  it("lets the lease holder write, once per step", async () => {
    const store = await storeLeasedBy("worker-b");
    const t = new Timeline(store.id, store.generation, "worker-b");
    await t.begin("database", "Starting");
    await t.succeed("database", "Database is running");
    // A pass re-run (new Timeline, same generation) neither restarts nor repeats the step.
    const again = new Timeline(store.id, store.generation, "worker-b");
    await again.begin("database", "Starting");
    await again.succeed("database", "Database is running");
    const steps = await db().storeEvent.findMany({ where: { storeId: store.id } });
    expect(steps.map((e) => [e.step, e.state])).toEqual([["database", "succeeded"]]);
  });
});
