"use client";
// "Undo delete" on a deleted store's page, while its name is held for its owner: the store comes
// back under its name and URL from its newest backup (the one its delete made).
import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { undoDeleteAction } from "./actions";

export function UndoDeleteButton({ storeId, until }: { storeId: string; until: string }) {
  const [state, action, pending] = useActionState(undoDeleteAction.bind(null, storeId), null);
  return (
    <form action={action} className="space-y-1">
      <p className="text-sm text-slate-700">
        The delete can be undone until <time dateTime={until}>{until.slice(0, 10)}</time>: the store comes back under its name and URL, with the data of its newest backup.
      </p>
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60">
        {pending ? "Bringing it back…" : "Undo delete"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}
