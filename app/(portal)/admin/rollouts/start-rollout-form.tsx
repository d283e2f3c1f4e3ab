"use client";
// Start a rollout: the target version (the newest unless chosen otherwise) and how many stores go
// at a time. The domain checks the numbers and refuses a second rollout while one is under way;
// its messages are shown here. On success the action takes the browser to the rollout's page.
import { useActionState } from "react";
import type { VersionView } from "@/lib/rollouts/views";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { startRolloutAction } from "./actions";

function VersionSelect({ versions, chosen, errors }: { versions: VersionView[]; chosen?: string; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor="versionId" className="block text-sm font-medium text-slate-700">
        Target version
      </label>
      <select
        id="versionId"
        name="versionId"
        key={chosen}
        defaultValue={chosen}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? "versionId-error" : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm aria-invalid:border-red-500"
      >
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}
            {v.newest ? " (newest)" : ""} — {v.stores} live {v.stores === 1 ? "store" : "stores"} on it
          </option>
        ))}
      </select>
      {errors?.length ? (
        <p id="versionId-error" className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The limits come from the page (lib/rollouts/rules.ts), so the browser does not load the rules' schemas. */
export function StartRolloutForm({ versions, maxCanarySize, maxBatchSize }: { versions: VersionView[]; maxCanarySize: number; maxBatchSize: number }) {
  const [state, action, pending] = useActionState(startRolloutAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={action} className="max-w-xl space-y-4" aria-labelledby="start-heading" noValidate>
      <VersionSelect versions={versions} chosen={failed?.values?.versionId || versions.find((v) => v.newest)?.id} errors={failed?.fieldErrors?.versionId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Canary size"
          name="canarySize"
          type="number"
          inputMode="numeric"
          min={1}
          max={maxCanarySize}
          hint={`Stores upgraded first, alone: 1 to ${maxCanarySize}.`}
          defaultValue={failed?.values?.canarySize ?? "1"}
          key={`canary-${failed?.values?.canarySize}`}
          errors={failed?.fieldErrors?.canarySize}
        />
        <Field
          label="Batch size"
          name="batchSize"
          type="number"
          inputMode="numeric"
          min={1}
          max={maxBatchSize}
          hint={`Stores upgraded together in each later batch: 1 to ${maxBatchSize}.`}
          defaultValue={failed?.values?.batchSize ?? "5"}
          key={`batch-${failed?.values?.batchSize}`}
          errors={failed?.fieldErrors?.batchSize}
        />
      </div>
      <FormStatus state={state} />
      <SubmitButton pending={pending}>Start rollout</SubmitButton>
    </form>
  );
}
