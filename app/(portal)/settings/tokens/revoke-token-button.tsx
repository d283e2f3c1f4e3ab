"use client";
// Revoking breaks whatever uses the token, so it takes a second, explicit click.
import { useActionState, useState } from "react";
import { FormStatus } from "@/app/_components/form";
import { revokeTokenAction } from "./actions";

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState(revokeTokenAction.bind(null, tokenId), null);
  if (!confirming) {
    return (
      <button type="button" onClick={() => setConfirming(true)} className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-50">
        Revoke<span className="sr-only"> {name}</span>
      </button>
    );
  }
  return (
    <form action={action} className="space-y-1">
      <p className="text-sm">Revoke “{name}”? Anything using it stops working.</p>
      <div className="flex gap-2">
        <button type="submit" disabled={pending} autoFocus className="rounded-md bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-600 disabled:opacity-60">
          {pending ? "Revoking…" : "Revoke token"}
        </button>
        <button type="button" onClick={() => setConfirming(false)} className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-50">
          Cancel
        </button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
