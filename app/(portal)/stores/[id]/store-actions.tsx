// The lifecycle requests the store's state allows (the view carries them from lib/stores/lifecycle.ts;
// the domain re-checks). Delete lives apart, at the bottom of the page, behind its name confirmation.
import type { StoreView } from "@/lib/stores/views";
import { LifecycleButton } from "./lifecycle-button";
import { ResizeStoreForm, type SizeChoice } from "./resize-store-form";

const BUTTONS = {
  suspend: { label: "Suspend", description: "Stops the store; its data is kept." },
  resume: { label: "Resume", description: "Starts the store again." },
  retry: { label: "Retry", description: "Runs the failed provisioning again." },
} as const;

export function StoreActions({ store, sizes }: { store: StoreView; sizes: SizeChoice[] }) {
  if (store.desiredState === "absent") {
    return <p className="rounded-lg border border-orange-200 bg-orange-50 p-4 text-sm text-orange-900">Deletion is in progress; no other changes are possible.</p>;
  }
  const actions = store.allowedActions.filter((a): a is keyof typeof BUTTONS => a in BUTTONS);
  const resizable = store.allowedActions.includes("resize");
  if (actions.length === 0 && !resizable) return null;
  return (
    <section aria-labelledby="actions-heading" className="space-y-3">
      <h2 id="actions-heading" className="text-lg font-semibold">
        Actions
      </h2>
      <div className="flex flex-wrap gap-6">
        {actions.map((a) => (
          <LifecycleButton key={a} storeId={store.id} lifecycle={a} label={BUTTONS[a].label} description={BUTTONS[a].description} />
        ))}
      </div>
      {resizable ? <ResizeStoreForm storeId={store.id} current={store.size} sizes={sizes} /> : null}
    </section>
  );
}
