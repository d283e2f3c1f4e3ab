"use client";
// Opens wp-admin signed in, through a single-use link that lives for a minute and is followed at
// once: no password is shown or typed.
import { useState, useTransition } from "react";
import { openAdminAction } from "./actions";

export function OpenAdminButton({ storeId }: { storeId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function open() {
    setError(null);
    startTransition(async () => {
      const result = await openAdminAction(storeId);
      if (result.ok) window.location.assign(result.url);
      else setError(result.message);
    });
  }

  return (
    <div className="space-y-1">
      <button
        type="button"
        onClick={open}
        disabled={pending}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? "Opening…" : "Open WordPress admin"}
      </button>
      <div role="status" aria-live="polite" className="min-h-5 text-sm text-red-700">
        {error}
      </div>
    </div>
  );
}
