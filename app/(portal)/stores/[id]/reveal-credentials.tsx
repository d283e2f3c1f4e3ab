"use client";
// The WordPress admin login lives only in this component's state: never in the URL, storage or
// the server-rendered HTML, and it is gone on Hide or when the page is left.
import { useState, useTransition } from "react";
import { CopyButton } from "@/app/_components/copy-button";
import { revealCredentialsAction } from "./actions";

export function RevealCredentials({ storeId }: { storeId: string }) {
  const [login, setLogin] = useState<{ username: string; password: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function reveal() {
    setError(null);
    startTransition(async () => {
      const result = await revealCredentialsAction(storeId);
      if (result.ok) setLogin({ username: result.username, password: result.password });
      else setError(result.message);
    });
  }

  return (
    <div className="space-y-3">
      {login ? (
        <dl className="grid gap-2 text-sm sm:grid-cols-[auto_1fr] sm:items-center sm:gap-x-4" aria-label="WordPress admin login">
          <dt className="font-medium text-slate-700">User name</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <code className="rounded bg-slate-100 px-2 py-1 break-all" data-testid="admin-username">{login.username}</code>
            <CopyButton value={login.username} label="Copy user name" />
          </dd>
          <dt className="font-medium text-slate-700">Password</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <code className="rounded bg-slate-100 px-2 py-1 break-all" data-testid="admin-password">{login.password}</code>
            <CopyButton value={login.password} label="Copy password" />
          </dd>
        </dl>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {login ? (
          <button type="button" onClick={() => setLogin(null)} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50">
            Hide
          </button>
        ) : (
          <button
            type="button"
            onClick={reveal}
            disabled={pending}
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60"
          >
            {pending ? "Working…" : "Reveal admin login"}
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" className="min-h-5 text-sm text-red-700">
        {error}
      </div>
    </div>
  );
}
