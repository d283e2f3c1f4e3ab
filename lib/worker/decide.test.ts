import { describe, expect, it } from "vitest";
import { decide, type DecideInput, type Observed } from "./decide";

const world: Observed = {
  namespace: "ours",
  release: { status: "deployed", revision: 1, everDeployed: true, ageMs: 1000 },
  workloadsPresent: true,
  ready: true,
  scaledDown: false,
  wordpressStopped: false,
  drift: null,
  appliedStateUnknown: false,
  claimBehind: false,
};
const input = (o: Partial<Observed> = {}, more: Partial<DecideInput> = {}): DecideInput => ({
  desired: "present", desiredDigest: "d1", appliedDigest: "d1", staleLockMs: 60_000, growTo: null, observed: { ...world, ...o }, ...more,
});

describe("decide", () => {
  it("creates the namespace first", () => {
    expect(decide(input({ namespace: "absent", release: null })).type).toBe("create-namespace");
  });
  it("refuses a namespace of that name that is not this store's, and never deletes it", () => {
    expect(decide(input({ namespace: "foreign", release: null })).type).toBe("refuse-foreign-namespace");
    expect(decide(input({ namespace: "foreign", release: { status: "deployed", revision: 1, everDeployed: true, ageMs: 0 } }, { desired: "absent" })).type).toBe("in-sync");
  });
  it("waits for a terminating namespace before reinstalling", () => {
    expect(decide(input({ namespace: "terminating", release: null })).type).toBe("wait-namespace-gone");
  });
  it("installs when there is no release", () => {
    expect(decide(input({ release: null })).type).toBe("install");
  });
  it("upgrades when the digest changed, and skips when it did not", () => {
    expect(decide(input({}, { appliedDigest: "old" })).type).toBe("install");
    expect(decide(input()).type).toBe("in-sync");
  });
  it("re-applies the release when live objects drifted or were removed", () => {
    expect(decide(input({ drift: "Deployment x replicas 0 → 1" }))).toEqual({ type: "install", why: "drift", drift: "Deployment x replicas 0 → 1" });
    expect(decide(input({ workloadsPresent: false })).type).toBe("install");
    expect(decide(input({ appliedStateUnknown: true }))).toEqual({ type: "install", why: "applied state unknown" });
  });
  it("unlocks an abandoned pending release, waits on a fresh one or one of unknown age", () => {
    for (const status of ["pending-install", "pending-upgrade", "pending-rollback"]) {
      expect(decide(input({ release: { status, revision: 2, everDeployed: true, ageMs: 120_000 } })).type).toBe("unlock");
      expect(decide(input({ release: { status, revision: 2, everDeployed: true, ageMs: 1000 } })).type).toBe("wait-lock");
      expect(decide(input({ release: { status, revision: 2, everDeployed: true, ageMs: null } })).type).toBe("wait-lock");
    }
  });
  it("resets a release whose first install failed", () => {
    expect(decide(input({ release: { status: "failed", revision: 1, everDeployed: false, ageMs: 0 } })).type).toBe("reset-release");
    expect(decide(input({ release: { status: "failed", revision: 3, everDeployed: true, ageMs: 0 } })).type).toBe("install");
  });
  it("waits for rollout", () => {
    expect(decide(input({ ready: false })).type).toBe("wait-ready");
  });
  it("suspends by upgrading then waiting for zero pods", () => {
    expect(decide(input({}, { desired: "suspended", desiredDigest: "d2" })).type).toBe("install");
    expect(decide(input({ scaledDown: false }, { desired: "suspended" })).type).toBe("wait-scaled-down");
    expect(decide(input({ scaledDown: true }, { desired: "suspended" })).type).toBe("in-sync");
  });
  it("grows the volumes once the new size's quota is applied, before anything else", () => {
    expect(decide(input({}, { growTo: "5Gi", appliedDigest: "old" })).type).toBe("install");
    expect(decide(input({}, { growTo: "5Gi" }))).toEqual({ type: "grow-volumes", to: "5Gi" });
    expect(decide(input({ drift: "Service x was missing", ready: false }, { growTo: "5Gi" }))).toEqual({ type: "grow-volumes", to: "5Gi" });
    expect(decide(input({}, { growTo: "5Gi", desired: "suspended" }))).toEqual({ type: "grow-volumes", to: "5Gi" });
    // No release to grow yet: install first, at the size the volumes have.
    expect(decide(input({ release: null }, { growTo: "5Gi" })).type).toBe("install");
    expect(decide(input({}, { growTo: "5Gi", desired: "absent" })).type).toBe("uninstall");
  });
  it("expands the MariaDB claim only once the upgrade has been applied", () => {
    expect(decide(input({ claimBehind: true }, { appliedDigest: "old" })).type).toBe("install");
    expect(decide(input({ claimBehind: true, drift: "Service x was missing" })).type).toBe("install");
    expect(decide(input({ claimBehind: true, ready: false }))).toEqual({ type: "expand-claim" });
    expect(decide(input({ claimBehind: true, scaledDown: true }, { desired: "suspended" }))).toEqual({ type: "expand-claim" });
  });
  it("deletes: uninstall, namespace, wait, done", () => {
    const d = { desired: "absent" as const };
    expect(decide(input({}, d)).type).toBe("uninstall");
    expect(decide(input({ release: null }, d)).type).toBe("delete-namespace");
    expect(decide(input({ release: null, namespace: "terminating" }, d)).type).toBe("wait-namespace-gone");
    expect(decide(input({ release: null, namespace: "absent" }, d)).type).toBe("in-sync");
  });
  it("a restore stops WordPress through the release, waits for its pod to go, then restores", () => {
    const r = { restoring: true };
    expect(decide(input({}, { ...r, desiredDigest: "paused" })).type).toBe("install");
    expect(decide(input({ wordpressStopped: false }, r)).type).toBe("wait-scaled-down");
    expect(decide(input({ wordpressStopped: true, ready: false }, r)).type).toBe("restore");
    // Drift is corrected first; without a restore the stopped store just waits to be ready.
    expect(decide(input({ wordpressStopped: true, drift: "x" }, r)).type).toBe("install");
    expect(decide(input({ wordpressStopped: true, ready: false }, {})).type).toBe("wait-ready");
  });
  it("a delete waits for a backup in flight (the final one reads the running store), then uninstalls", () => {
    const d = { desired: "absent" as const, backupInFlight: true };
    expect(decide(input({}, d)).type).toBe("wait-backup");
    expect(decide(input({}, { ...d, backupInFlight: false })).type).toBe("uninstall");
    // Once uninstalled there is nothing left to read: the rest of the delete goes on.
    expect(decide(input({ release: null }, d)).type).toBe("delete-namespace");
    expect(decide(input({}, { ...d, desired: "present" })).type).toBe("in-sync");
  });
  it("unlocks before deleting a store caught mid-install", () => {
    expect(decide(input({ release: { status: "pending-install", revision: 1, everDeployed: false, ageMs: 99_000 } }, { desired: "absent" })).type).toBe("unlock");
  });
});
