"use client";
// The controls the rollout's state allows, as one form whose buttons name the control: one status
// line stays in place for a refusal while the buttons change with the state.
import { useActionState } from "react";
import type { RolloutControl } from "@/lib/rollouts/rules";
import { FormStatus } from "@/app/_components/form";
import { controlRolloutAction } from "../actions";

const SECONDARY = {
  pause: { label: "Pause", description: "No new batch starts; stores already upgrading finish." },
  resume: { label: "Resume", description: "Goes on with the next batch; a store that failed stays as it is." },
} as const;

function ControlButton({ control, pending }: { control: keyof typeof SECONDARY; pending: boolean }) {
  const descriptionId = `${control}-description`;
  return (
    <div className="space-y-1">
      <button
        type="submit"
        name="control"
        value={control}
        disabled={pending}
        aria-describedby={descriptionId}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60"
      >
        {SECONDARY[control].label}
      </button>
      <p id={descriptionId} className="text-xs text-slate-600">
        {SECONDARY[control].description}
      </p>
    </div>
  );
}

/** Rolling back undoes the rollout's work on every store, so its button says exactly that. */
function RollbackButton({ pending }: { pending: boolean }) {
  return (
    <div className="space-y-2 rounded-lg border border-red-200 bg-red-50/50 p-4">
      <p className="text-sm text-slate-700">
        Every store this rollout moved, even one still upgrading or one that failed, returns to the version it ran before; stores still pending are left as they are.
      </p>
      <button
        type="submit"
        name="control"
        value="rollback"
        disabled={pending}
        className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-600 disabled:opacity-60"
      >
        Roll back every store this rollout upgraded
      </button>
    </div>
  );
}

export function RolloutControls({ rolloutId, controls }: { rolloutId: string; controls: RolloutControl[] }) {
  const [state, action, pending] = useActionState(controlRolloutAction.bind(null, rolloutId), null);
  const secondary = controls.filter((c): c is keyof typeof SECONDARY => c in SECONDARY);
  return (
    <form action={action} className="space-y-4" aria-labelledby="controls-heading" aria-busy={pending}>
      {secondary.length ? (
        <div className="flex flex-wrap gap-6">
          {secondary.map((c) => (
            <ControlButton key={c} control={c} pending={pending} />
          ))}
        </div>
      ) : null}
      {controls.includes("rollback") ? <RollbackButton pending={pending} /> : null}
      <FormStatus state={state} />
    </form>
  );
}
