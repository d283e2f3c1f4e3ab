"use client";
// "Restore" on a backup's row: replaces the store's database and wp-content with the backup's,
// after the browser's confirmation (what is in the store now and not in the backup is lost).
import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { restoreBackupAction } from "./actions";

export function RestoreButton({ storeId, backupId, taken }: { storeId: string; backupId: string; taken: string }) {
  const [state, action, pending] = useActionState(restoreBackupAction.bind(null, storeId, backupId), null);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Replace the store's database and files with the backup of ${taken}? Orders and changes made since then are lost.`)) event.preventDefault();
      }}
      className="space-y-1"
    >
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs font-semibold hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Restoring…" : "Restore"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}
