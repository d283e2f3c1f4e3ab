import { describe, expect, it } from "vitest";
import { allowedActions, DESIRED_STATES, isAllowed, nameHeldUntil, needsWork, planAction, STORE_PHASES, storeConditions, undoDeleteRefusal, type LifecycleState } from "./lifecycle";

const store = (s: Partial<LifecycleState> = {}): LifecycleState => ({ phase: "Ready", desiredState: "present", generation: 3, observedGeneration: 3, ...s });

describe("needsWork", () => {
  it("is false for a store settled in its desired state", () => {
    expect(needsWork(store())).toBe(false);
    expect(needsWork(store({ phase: "Suspended", desiredState: "suspended" }))).toBe(false);
    expect(needsWork(store({ phase: "Deleted", desiredState: "absent" }))).toBe(false);
  });
  it("is true for a new request or an unsettled phase", () => {
    expect(needsWork(store({ generation: 4 }))).toBe(true);
    expect(needsWork(store({ phase: "Provisioning" }))).toBe(true);
    expect(needsWork(store({ phase: "Ready", desiredState: "suspended" }))).toBe(true);
  });
  it("leaves a Failed store alone until its owner asks again", () => {
    expect(needsWork(store({ phase: "Failed" }))).toBe(false);
    expect(needsWork(store({ phase: "Failed", generation: 4 }))).toBe(true);
  });
});

describe("lifecycle actions", () => {
  it("offers what each state allows", () => {
    expect(allowedActions(store())).toEqual(["suspend", "resize", "restore", "domains", "pin", "delete"]);
    expect(allowedActions(store({ phase: "Provisioning" }))).toEqual(["suspend", "pin", "delete"]);
    expect(allowedActions(store({ phase: "Suspended", desiredState: "suspended" }))).toEqual(["resume", "resize", "domains", "pin", "delete"]);
    expect(allowedActions(store({ phase: "Failed" }))).toEqual(["suspend", "retry", "resize", "domains", "pin", "delete"]);
    expect(allowedActions(store({ phase: "Deleting", desiredState: "absent" }))).toEqual([]);
  });
  it("plans each action with a database condition equal to isAllowed", () => {
    for (const desiredState of DESIRED_STATES) {
      for (const phase of STORE_PHASES) {
        const plan = planAction("retry", { phase });
        const where = plan.where as { desiredState: { in: string[] }; phase?: { in: string[] } };
        const matches = where.desiredState.in.includes(desiredState) && (!where.phase || where.phase.in.includes(phase));
        expect(matches, `${desiredState}/${phase}`).toBe(isAllowed("retry", { phase, desiredState }));
      }
    }
    expect(planAction("suspend", { phase: "Deleting" })).toMatchObject({ desiredState: "suspended", message: "Suspend requested" });
  });
});

describe("storeConditions", () => {
  type Health = { healthFailures?: number; healthMessage?: string | null };
  const input = (s: Partial<LifecycleState> & Health) => ({ healthFailures: 0, healthMessage: null, ...store(s), statusMessage: "msg", failureReason: "image_pull", statusHint: "Check the image.", ...s });
  const byType = (s: Partial<LifecycleState> & Health) => Object.fromEntries(storeConditions(input(s)).map((c) => [c.type, c]));
  it("Ready when settled", () => {
    const c = byType({});
    expect([c.Ready!.status, c.Reconciling!.status, c.Stalled!.status]).toEqual(["True", "False", "False"]);
    expect(c.Ready!.observedGeneration).toBe(3);
  });
  it("Reconciling while the worker converges", () => {
    const c = byType({ phase: "Provisioning" });
    expect([c.Ready!.status, c.Reconciling!.status, c.Stalled!.status]).toEqual(["False", "True", "False"]);
    expect(c.Reconciling!.reason).toBe("Provisioning");
  });
  it("Stalled when Failed, Reconciling again once retried", () => {
    const failed = byType({ phase: "Failed" });
    expect([failed.Ready!.status, failed.Reconciling!.status, failed.Stalled!.status]).toEqual(["False", "False", "True"]);
    expect(failed.Stalled).toMatchObject({ reason: "image_pull", message: "msg Check the image." });
    const retried = byType({ phase: "Failed", generation: 4 });
    expect([retried.Reconciling!.status, retried.Stalled!.status]).toEqual(["True", "False"]);
  });
  it("Degraded, with the latest problem, while a Ready store fails its health checks three times in a row or more; still Ready", () => {
    expect(byType({ healthFailures: 2, healthMessage: "the storefront answered 502" }).Degraded!.status).toBe("False");
    const degraded = byType({ healthFailures: 3, healthMessage: "the storefront answered 502" });
    expect(degraded.Degraded).toMatchObject({ status: "True", reason: "HealthChecksFailing", message: "the storefront answered 502 (3 checks in a row)" });
    expect(degraded.Ready!.status).toBe("True");
    // Only a running store is judged by its checks.
    expect(byType({ phase: "Suspended", desiredState: "suspended", healthFailures: 5 }).Degraded!.status).toBe("False");
  });
});

describe("undoing a delete", () => {
  const deletedAt = new Date("2026-11-01T10:00:00Z");

  it("is possible while the name is held for the owner, and not from the moment the hold ends", () => {
    expect(nameHeldUntil(deletedAt, 30)).toEqual(new Date("2026-12-01T10:00:00Z"));
    expect(undoDeleteRefusal({ desiredState: "absent", deletedAt }, new Date("2026-12-01T09:59:59Z"), 30)).toBeNull();
    expect(undoDeleteRefusal({ desiredState: "absent", deletedAt }, new Date("2026-12-01T10:00:00Z"), 30)).toBe(
      "This delete can no longer be undone: the store's name was held for its owner until 2026-12-01",
    );
    // No hold, no undo.
    expect(undoDeleteRefusal({ desiredState: "absent", deletedAt }, deletedAt, 0)).not.toBeNull();
  });

  it("needs the delete to be done, and a deleted store", () => {
    expect(undoDeleteRefusal({ desiredState: "absent", deletedAt: null }, deletedAt, 30)).toBe("This store is still being deleted; its delete can be undone once it is done");
    expect(undoDeleteRefusal({ desiredState: "present", deletedAt: null }, deletedAt, 30)).toBe("This store is not deleted");
  });
});
