// The lifecycle requests that make sense in the store's current state (the domain re-checks).
// Delete lives apart, at the bottom of the page, behind its name confirmation.
import type { StoreView } from "@/lib/stores/views";
import { LifecycleButton } from "./lifecycle-button";

export function StoreActions({ store }: { store: StoreView }) {
  if (store.desiredState === "absent") {
    return <p className="rounded-lg border border-orange-200 bg-orange-50 p-4 text-sm text-orange-900">Deletion is in progress; no other changes are possible.</p>;
  }
  const canSuspend = store.phase === "Ready" && store.desiredState === "present";
  const canResume = store.phase === "Suspended" && store.desiredState === "suspended";
  const canRetry = store.phase === "Failed";
  if (!canSuspend && !canResume && !canRetry) return null;
  return (
    <section aria-labelledby="actions-heading" className="space-y-3">
      <h2 id="actions-heading" className="text-lg font-semibold">
        Actions
      </h2>
      <div className="flex flex-wrap gap-6">
        {canSuspend ? <LifecycleButton storeId={store.id} lifecycle="suspend" label="Suspend" description="Stops the store; its data is kept." /> : null}
        {canResume ? <LifecycleButton storeId={store.id} lifecycle="resume" label="Resume" description="Starts the store again." /> : null}
        {canRetry ? <LifecycleButton storeId={store.id} lifecycle="retry" label="Retry" description="Runs the failed provisioning again." /> : null}
      </div>
    </section>
  );
}
