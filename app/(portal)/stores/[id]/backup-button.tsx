"use client";
// "Back up now": queues a backup of the running store, with its own status line.
import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { requestBackupAction } from "./actions";

export function BackupButton({ storeId }: { storeId: string }) {
  const [state, action, pending] = useActionState(requestBackupAction.bind(null, storeId), null);
  return (
    <form action={action} className="space-y-1">
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? "Queuing…" : "Back up now"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}
