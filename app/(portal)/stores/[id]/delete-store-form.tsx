"use client";
// Deleting removes the store's data for good, so it asks for the store's name first.
import { useActionState } from "react";
import { Field, FormStatus } from "@/app/_components/form";
import { deleteStoreAction } from "./actions";

export function DeleteStoreForm({ storeId, slug }: { storeId: string; slug: string }) {
  const [state, action, pending] = useActionState(deleteStoreAction.bind(null, storeId), null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={action} className="space-y-3 rounded-lg border border-red-200 bg-red-50/50 p-4" noValidate>
      <h3 className="font-semibold text-red-800">Delete store</h3>
      <p className="text-sm text-slate-700">
        This removes the store, its database and its files. It cannot be undone.
      </p>
      <Field
        label={`Type ${slug} to confirm`}
        name="confirmName"
        autoComplete="off"
        spellCheck={false}
        errors={failed?.fieldErrors?.confirmName}
        defaultValue={failed?.values?.confirmName}
        key={`confirm-${failed?.values?.confirmName}`}
      />
      {/* A wrong name is already explained under the field; the status line is for other errors. */}
      <FormStatus state={failed?.fieldErrors?.confirmName ? null : state} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-600 disabled:opacity-60"
      >
        {pending ? "Working…" : "Delete store"}
      </button>
    </form>
  );
}
