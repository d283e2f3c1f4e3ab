import { describe, expect, it } from "vitest";
import type { Failure } from "./classify";
import { failureOutcome } from "./failure-policy";

const limits = { maxAttempts: 3, backoff: { baseMs: 1_000, capMs: 60_000 } };
const failure = (reason: Failure["reason"], permanent = false): Failure => ({ reason, message: "m", hint: "h", permanent });
const half = () => 0.5;

describe("failureOutcome", () => {
  it("retries a transient failure with a growing backoff, then gives up", () => {
    expect(failureOutcome(failure("timeout"), 0, 0, limits, half)).toEqual({ kind: "retry", attempts: 1, requeueMs: 750 });
    expect(failureOutcome(failure("timeout"), 1, 0, limits, half)).toEqual({ kind: "retry", attempts: 2, requeueMs: 1_500 });
    expect(failureOutcome(failure("timeout"), 2, 0, limits, half)).toEqual({ kind: "give-up" });
  });
  it("gives up at once on a permanent failure", () => {
    expect(failureOutcome(failure("invalid_values", true), 0, 0, limits, half)).toEqual({ kind: "give-up" });
  });
  it("never counts an unreachable cluster against the store, and caps its waits at 30 s", () => {
    expect(failureOutcome(failure("cluster_unreachable"), 2, 0, limits, half)).toEqual({ kind: "wait-for-cluster", requeueMs: 750 });
    expect(failureOutcome(failure("cluster_unreachable"), 0, 40, limits, () => 1)).toEqual({ kind: "wait-for-cluster", requeueMs: 30_000 });
  });
});
