// What a failed reconcile pass leads to: give up (Failed, until the owner asks again) or try again
// after a backoff. Pure, so every branch is unit-tested; lib/worker/reconcile.ts applies it.
import { backoffDelay, type BackoffPolicy } from "./backoff";
import type { Failure } from "./classify";

export interface FailureLimits {
  /** Attempts (counted in Store.failureCount) before a store is Failed. */
  maxAttempts: number;
  backoff: BackoffPolicy;
}

export type FailureOutcome =
  /** Stop: phase Failed with the failure's reason and hint. */
  | { kind: "give-up" }
  /** Keep the phase, count the attempt, try again after requeueMs. */
  | { kind: "retry"; attempts: number; requeueMs: number }
  /** The cluster is out of reach: not the store's fault, so no attempt is counted. */
  | { kind: "wait-for-cluster"; requeueMs: number };

/** Retry delays while the API server is unreachable: short, so a store resumes soon after it is back. */
const UNREACHABLE_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000 };

/**
 * @param attempts failures already counted for this request (Store.failureCount)
 * @param outages consecutive unreachable passes of this store (not persisted: a new worker starts over)
 */
export function failureOutcome(failure: Failure, attempts: number, outages: number, limits: FailureLimits, random: () => number = Math.random): FailureOutcome {
  if (failure.reason === "cluster_unreachable") {
    const cap = Math.min(UNREACHABLE_BACKOFF.capMs, limits.backoff.capMs);
    return { kind: "wait-for-cluster", requeueMs: backoffDelay(outages + 1, { ...UNREACHABLE_BACKOFF, capMs: cap }, random) };
  }
  const next = attempts + 1;
  if (failure.permanent || next >= limits.maxAttempts) return { kind: "give-up" };
  return { kind: "retry", attempts: next, requeueMs: backoffDelay(next, limits.backoff, random) };
}
