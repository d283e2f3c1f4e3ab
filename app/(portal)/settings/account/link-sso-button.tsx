"use client";

import { signIn } from "next-auth/react";

/** Starts an OpenID Connect sign-in while signed in: the callback links the identity to this
 * account (app/_lib/auth-options.ts). */
export function LinkSsoButton({ name }: { name: string }) {
  return (
    <button
      type="button"
      onClick={() => signIn("oidc", { callbackUrl: "/settings/account" })}
      className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
    >
      Link {name}
    </button>
  );
}
