"use client";
// "Clone…" on a backup's row: a new store of yours with this backup's data, under a name of its
// own (the create form's rules); its URLs are rewritten to the new store's.
import { useActionState } from "react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { cloneBackupAction } from "./actions";

export function CloneForm({ storeId, backupId, taken }: { storeId: string; backupId: string; taken: string }) {
  const [state, action, pending] = useActionState(cloneBackupAction.bind(null, storeId, backupId), null);
  const failed = state && !state.ok ? state : null;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer font-semibold text-indigo-700">Clone…</summary>
      <form action={action} className="mt-2 w-64 space-y-2" aria-label={`Clone the backup of ${taken}`}>
        <Field
          label="New store name"
          name="name"
          id={`clone-name-${backupId}`}
          required
          defaultValue={failed?.values?.name}
          errors={failed?.fieldErrors?.name}
          hint="Lowercase letters, digits and hyphens; the clone gets its own URL."
        />
        <SubmitButton pending={pending}>Clone into a new store</SubmitButton>
        <FormStatus state={failed} />
      </form>
    </details>
  );
}
