import { describe, expect, it } from "vitest";
import { modeOf, type StoreRow } from "./reconcile";

const store = (o: Partial<StoreRow>) =>
  ({ desiredState: "present", phase: "Ready", generation: 3, observedGeneration: 2, readyAt: new Date(), events: [], ...o }) as StoreRow;

describe("which request a pass serves", () => {
  it("resumes a suspended store, also in the passes after the first moved it to Provisioning", () => {
    expect(modeOf(store({ phase: "Suspended" }))).toBe("resume");
    expect(modeOf(store({ phase: "Provisioning", events: [{ generation: 3, step: "resume" }] }))).toBe("resume");
  });
  it("provisions a store that never was ready, or whose resume belongs to an older request", () => {
    expect(modeOf(store({ phase: "Provisioning", readyAt: null }))).toBe("provision");
    expect(modeOf(store({ phase: "Provisioning", events: [{ generation: 2, step: "resume" }] }))).toBe("provision");
  });
  it("resizes while the request's own resize step is the latest, running or suspended", () => {
    expect(modeOf(store({ events: [{ generation: 3, step: "resize" }] }))).toBe("resize");
    expect(modeOf(store({ phase: "Suspended", desiredState: "suspended", events: [{ generation: 3, step: "resize" }] }))).toBe("resize");
    expect(modeOf(store({ phase: "Suspended", desiredState: "suspended", events: [{ generation: 2, step: "resize" }] }))).toBe("suspend");
    expect(modeOf(store({ desiredState: "absent", events: [{ generation: 3, step: "resize" }] }))).toBe("delete");
  });
  it("restores into a store that was ready, and provisions around the restore a store made from a backup (a clone, an undone delete)", () => {
    expect(modeOf(store({ events: [{ generation: 3, step: "restore" }] }))).toBe("restore");
    expect(modeOf(store({ phase: "Pending", readyAt: null, generation: 1, observedGeneration: 0, events: [{ generation: 1, step: "restore" }] }))).toBe("provision");
    expect(modeOf(store({ phase: "Deleted", readyAt: null, events: [{ generation: 3, step: "restore" }] }))).toBe("provision");
  });
  it("checks settled stores and repairs converged ones", () => {
    expect(modeOf(store({ generation: 2 }))).toBe("resync");
    expect(modeOf(store({ generation: 2, phase: "Provisioning" }))).toBe("repair");
  });
});
