"use client";
// The fleet version the store runs, and its pin: while pinned, rollouts skip the store. The line
// saying so is a status, so pinning and unpinning are announced by the page itself; the forms
// only show refusals (their own form is gone once the page shows the new state).
import { useActionState } from "react";
import type { StoreView } from "@/lib/stores/views";
import { FormStatus } from "@/app/_components/form";
import { pinStoreAction, unpinStoreAction } from "./actions";

function UnpinButton({ storeId }: { storeId: string }) {
  const [state, action, pending] = useActionState(unpinStoreAction.bind(null, storeId), null);
  return (
    <form action={action} className="space-y-1">
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Working…" : "Unpin"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}

/** `maxDays` comes from the page (lib/rollouts/rules.ts), so the browser does not load the rules' schemas. */
function PinForm({ storeId, maxDays }: { storeId: string; maxDays: number }) {
  const [state, action, pending] = useActionState(pinStoreAction.bind(null, storeId), null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors?.days;
  return (
    <form action={action} className="space-y-2" noValidate>
      <p id="pin-description" className="text-sm text-slate-600">
        Rollouts of new platform versions skip a pinned store, e.g. while you test a plugin.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2 text-sm">
          Pin for
          <input
            name="days"
            type="number"
            inputMode="numeric"
            min={1}
            max={maxDays}
            required
            defaultValue={failed?.values?.days ?? "30"}
            key={`days-${failed?.values?.days}`}
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={["pin-description", errors?.length ? "pin-days-error" : null].filter(Boolean).join(" ")}
            className="w-20 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm aria-invalid:border-red-500"
          />
          days
        </label>
        <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60">
          {pending ? "Working…" : "Pin"}
        </button>
      </div>
      {errors?.length ? (
        <p id="pin-days-error" role="alert" className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
      {/* A wrong number is already explained under the field; the status line is for other errors. */}
      <FormStatus state={errors?.length ? null : failed} />
    </form>
  );
}

export function StoreVersion({
  storeId,
  version,
  pinnedUntil,
  pinnable,
  maxPinDays,
}: {
  storeId: string;
  version: StoreView["version"];
  pinnedUntil: StoreView["pinnedUntil"];
  pinnable: boolean;
  maxPinDays: number;
}) {
  return (
    <section aria-labelledby="version-heading" className="space-y-3">
      <h2 id="version-heading" className="text-lg font-semibold">
        Versions
      </h2>
      <div role="status" aria-live="polite" className="space-y-1 text-sm">
        <p data-testid="store-version">
          {version ? (
            <>
              Runs <span className="font-medium">{version.label}</span>
            </>
          ) : (
            "Not yet recorded: the worker records the version when it first acts on the store."
          )}
        </p>
        {pinnedUntil ? (
          <p data-testid="pinned-until">
            Pinned until <time dateTime={pinnedUntil}>{pinnedUntil.slice(0, 10)}</time>: fleet rollouts skip this store.
          </p>
        ) : null}
      </div>
      {pinnedUntil ? <UnpinButton storeId={storeId} /> : pinnable ? <PinForm storeId={storeId} maxDays={maxPinDays} /> : null}
    </section>
  );
}
