"use client";

import { signOut } from "next-auth/react";

export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md px-2 py-1 text-sm font-medium hover:bg-slate-100" aria-label={`Account menu for ${name}`}>
        {name} <span aria-hidden>▾</span>
      </summary>
      <div className="absolute right-0 z-10 mt-2 w-60 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg">
        <p className="truncate font-medium">{name}</p>
        <p className="truncate text-slate-500">{email}</p>
        <p className="mt-1 text-xs uppercase tracking-wide text-slate-500">{role}</p>
        <button
          type="button"
          onClick={() => signOut({ callbackUrl: "/sign-in" })}
          className="mt-3 w-full rounded-md border border-slate-300 px-3 py-1.5 text-left hover:bg-slate-50"
        >
          Sign out
        </button>
      </div>
    </details>
  );
}
