"use client";
// One lifecycle request (suspend, resume, retry) as a small form with its own status line.
import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { changeLifecycleAction } from "./actions";

export function LifecycleButton({ storeId, lifecycle, label, description }: { storeId: string; lifecycle: "suspend" | "resume" | "retry"; label: string; description: string }) {
  const [state, action, pending] = useActionState(changeLifecycleAction.bind(null, storeId, lifecycle), null);
  const descriptionId = `${lifecycle}-description`;
  return (
    <form action={action} className="space-y-1">
      <button
        type="submit"
        disabled={pending}
        aria-describedby={descriptionId}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? "Working…" : label}
      </button>
      <p id={descriptionId} className="text-xs text-slate-600">
        {description}
      </p>
      <FormStatus state={state} />
    </form>
  );
}
