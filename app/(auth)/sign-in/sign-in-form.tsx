"use client";
// A real POST form to next-auth's credentials callback (with its CSRF token), so it works before
// or without JavaScript and never puts the password in a URL. With JavaScript it signs in without
// leaving the page, so errors show next to the form.
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { signInErrorMessage } from "../messages";

interface Props {
  csrfToken: string;
  callbackUrl: string;
  oidcName: string | null;
  initialError: string | null;
}

export function SignInForm({ csrfToken, callbackUrl, oidcName, initialError }: Props) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(signInErrorMessage(result?.status === 429 ? "throttled" : (result?.error ?? "invalid")));
  }

  return (
    <div className="space-y-4">
      <form method="post" action="/api/auth/callback/credentials" onSubmit={onSubmit} className="space-y-4" noValidate>
        <input type="hidden" name="csrfToken" value={csrfToken} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field label="E-mail" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormStatus state={error ? { ok: false, message: error } : null} />
        <SubmitButton pending={pending} className="w-full">
          Sign in
        </SubmitButton>
      </form>
      {oidcName ? (
        <button
          type="button"
          onClick={() => signIn("oidc", { callbackUrl })}
          className="w-full rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50"
        >
          Continue with {oidcName}
        </button>
      ) : null}
    </div>
  );
}
