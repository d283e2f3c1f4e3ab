import { describe, expect, it } from "vitest";
import { allowedControls, batchOf, healthVerdict, controlPlan, pinnedNote, pinStoreSchema, startRolloutSchema, upgradeProgress, type StoreAtUpgrade } from "./rules";

const store = (over: Partial<StoreAtUpgrade> = {}): StoreAtUpgrade => ({
  phase: "Provisioning", desiredState: "present", generation: 4, observedGeneration: 3, deletedAt: null, statusMessage: "Upgrading", ...over,
});

describe("rollout rules", () => {
  it("puts the oldest stores in the canary batch, then fills batches of batchSize", () => {
    expect(Array.from({ length: 8 }, (_, i) => batchOf(i, 2, 3))).toEqual([0, 0, 1, 1, 1, 2, 2, 2]);
    expect(Array.from({ length: 3 }, (_, i) => batchOf(i, 1, 1))).toEqual([0, 1, 2]);
  });

  it("skips a store pinned until a later time, and says until when", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    expect(pinnedNote(new Date("2026-12-15T00:00:00Z"), now)).toBe("Skipped: pinned by its owner until 2026-12-15");
    expect(pinnedNote(new Date("2026-11-30T00:00:00Z"), now)).toBeNull();
    expect(pinnedNote(null, now)).toBeNull();
  });

  it("offers each control only from the states it applies to", () => {
    expect(allowedControls("running")).toEqual(["pause", "rollback"]);
    expect(allowedControls("paused")).toEqual(["resume", "rollback"]);
    expect(allowedControls("failed")).toEqual(["resume", "rollback"]);
    expect(allowedControls("rolling_back")).toEqual([]);
    expect(allowedControls("succeeded")).toEqual([]);
    expect(controlPlan("pause", "rolled_back").refusal).toBe("Only a running rollout can be paused (this one is rolled back)");
    expect(controlPlan("rollback", "paused")).toMatchObject({ to: "rolling_back" });
  });

  it("follows a store's upgrade from its generation to its settled phase or failure", () => {
    expect(upgradeProgress(store(), 4)).toEqual({ kind: "working" });
    expect(upgradeProgress(store({ phase: "Ready", observedGeneration: 4, generation: 4 }), 4)).toEqual({ kind: "settled", running: true });
    expect(upgradeProgress(store({ phase: "Suspended", desiredState: "suspended", observedGeneration: 4, generation: 4 }), 4)).toEqual({ kind: "settled", running: false });
    // The owner asked something else since (a resize): settling on it settles the upgrade too.
    expect(upgradeProgress(store({ phase: "Ready", observedGeneration: 5, generation: 5 }), 4)).toEqual({ kind: "settled", running: true });
    expect(upgradeProgress(store({ phase: "Ready", observedGeneration: 4, generation: 5 }), 4)).toEqual({ kind: "working" });
    expect(upgradeProgress(store({ phase: "Failed", observedGeneration: 4, generation: 4, statusMessage: "Timed out" }), 4)).toEqual({ kind: "failed", message: "Timed out" });
    // Still Ready from before the upgrade was seen: not settled on it yet.
    expect(upgradeProgress(store({ phase: "Ready", observedGeneration: 3, generation: 4 }), 4)).toEqual({ kind: "working" });
    expect(upgradeProgress(store({ desiredState: "absent" }), 4)).toEqual({ kind: "gone" });
  });

  it("counts a Ready store upgraded once its storefront answers, and failed if it does not within the grace", () => {
    const settled = new Date("2026-12-01T10:00:00Z");
    const at = (s: number) => new Date(settled.getTime() + s * 1000);
    const ok = { ok: true, responseMs: 120, problem: null };
    const down = { ok: false, responseMs: 0, problem: "storefront answered 503" };
    expect(healthVerdict(ok, null, settled, 120_000)).toEqual({ state: "succeeded", message: "Upgraded, Ready and healthy (storefront answered in 120 ms)" });
    // First seen failing: still upgrading, and the grace starts now.
    expect(healthVerdict(down, null, settled, 120_000)).toEqual({ state: "upgrading", message: "Ready; waiting for the storefront to answer (storefront answered 503)", settledAt: settled });
    expect(healthVerdict(down, settled, at(119), 120_000)).toBeNull();
    expect(healthVerdict(ok, settled, at(119), 120_000)?.state).toBe("succeeded");
    expect(healthVerdict(down, settled, at(120), 120_000)).toEqual({ state: "failed", message: "Upgraded and Ready, but unhealthy: storefront answered 503" });
  });

  it("refuses bad rollout and pin input with the field's message", () => {
    expect(startRolloutSchema.parse({ versionId: "abc" })).toEqual({ versionId: "abc", canarySize: 1, batchSize: 5 });
    expect(startRolloutSchema.safeParse({ versionId: "abc", batchSize: 0 }).error?.issues[0]?.message).toBe("batchSize must be at least 1");
    expect(startRolloutSchema.safeParse({ versionId: "abc", canarySize: 1.5 }).error?.issues[0]?.message).toBe("canarySize must be a whole number");
    expect(startRolloutSchema.safeParse({ versionId: "../x" }).success).toBe(false);
    expect(startRolloutSchema.safeParse({ versionId: "abc", extra: 1 }).success).toBe(false);
    expect(pinStoreSchema.safeParse({ days: 91 }).error?.issues[0]?.message).toBe("days must be at most 90");
    expect(pinStoreSchema.safeParse({ days: "7" }).error?.issues[0]?.message).toBe("days must be a whole number");
  });
});
