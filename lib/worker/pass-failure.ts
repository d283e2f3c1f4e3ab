// What a reconcile pass does when it fails: name the failure in plain language
// (lib/worker/classify.ts), ask the pure failure policy what follows (lib/worker/failure-policy.ts),
// and write that down, fenced on the lease like every other write of the pass.
import { HelmError } from "@/lib/helm/cli";
import { ForeignNamespaceError } from "@/lib/kube/store-objects";
import { classifyError, classifyHelmError, namespaceConflict, UNREACHABLE_MESSAGE, type Failure } from "./classify";
import { failureOutcome } from "./failure-policy";
import type { PassResult, StorePass } from "./reconcile";
import { UnknownSizeError } from "./values";

/** A failure the pass recognised (from the pods, events or a timeout). */
export class StoreFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export function failureOf(error: unknown): Failure {
  if (error instanceof StoreFailure) return error.failure;
  if (error instanceof ForeignNamespaceError) return namespaceConflict(error.namespace);
  if (error instanceof HelmError) return classifyHelmError(error.stderr);
  if (error instanceof UnknownSizeError) {
    return { reason: "invalid_values", message: `invalid chart values: ${error.message}`, hint: "Choose a size the platform offers.", permanent: true };
  }
  return classifyError(error);
}

export async function applyFailure(pass: StorePass, error: unknown): Promise<PassResult> {
  const { store, deps, log, timeline } = pass;
  const failure = failureOf(error);
  const outages = deps.memory.outages.get(store.id) ?? 0;
  const outcome = failureOutcome(failure, store.failureCount, outages, deps.limits);
  const clear = { progressDeadline: null, progressKey: null };
  switch (outcome.kind) {
    case "wait-for-cluster":
      deps.memory.outages.set(store.id, outages + 1);
      log.warn("kubernetes API unreachable; will retry", { retryInMs: outcome.requeueMs, error: String((error as Error)?.message ?? error).slice(0, 300) });
      // Keep the phase: the store is not broken, the cluster is out of reach.
      await pass.set({ statusMessage: UNREACHABLE_MESSAGE });
      return { outcome: "unreachable", requeueMs: outcome.requeueMs };
    case "give-up":
      deps.onFailure?.(failure.reason);
      log.error("store failed", { reason: failure.reason, message: failure.message, attempts: store.failureCount + 1 });
      await timeline.failRunning(failure.message, failure.log);
      await pass.set({
        ...clear, phase: "Failed", failureReason: failure.reason, statusMessage: failure.message, statusHint: failure.hint,
        failureCount: store.failureCount + 1, observedGeneration: store.generation,
      });
      return { outcome: "failed", requeueMs: deps.fullPassMs };
    case "retry": {
      deps.onFailure?.(failure.reason);
      const max = deps.limits.maxAttempts;
      log.warn("pass failed; will retry", { reason: failure.reason, message: failure.message, attempts: outcome.attempts, retryInMs: outcome.requeueMs });
      await timeline.failRunning(`${failure.message} (attempt ${outcome.attempts} of ${max}; retrying)`, failure.log);
      await pass.set({
        ...clear, failureCount: outcome.attempts, failureReason: failure.reason, statusHint: failure.hint,
        statusMessage: `${failure.message} (attempt ${outcome.attempts} of ${max}; retrying in ${Math.ceil(outcome.requeueMs / 1000)} s)`,
      });
      return { outcome: "retrying", requeueMs: outcome.requeueMs };
    }
  }
}
