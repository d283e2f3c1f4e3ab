"use client";
// Posts to POST /api/sign-up as JSON (so it needs JavaScript: the button stays disabled until the
// page has hydrated, and the form's method is POST either way). Every accepted sign-up gets the
// same answer; then the form signs in with what was typed, which works when the account is new.
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { useHydrated } from "@/app/_lib/use-hydrated";
import type { FieldErrors } from "@/lib/errors";
import { SIGN_UP_ACCEPTED } from "../messages";

type State = { ok: boolean; message: string; fieldErrors?: FieldErrors } | null;

export function SignUpForm() {
  const hydrated = useHydrated();
  const [state, setState] = useState<State>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setState(null);
    const form = new FormData(event.currentTarget);
    const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    const res = await fetch("/api/sign-up", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(values) });
    if (res.status !== 202) {
      const { error } = (await res.json()) as { error: { message: string; fieldErrors?: FieldErrors } };
      setPending(false);
      setState({ ok: false, message: error.message, fieldErrors: error.fieldErrors });
      return;
    }
    setState({ ok: true, message: SIGN_UP_ACCEPTED });
    const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (signedIn?.ok && !signedIn.error) window.location.assign("/stores");
    else setPending(false);
  }

  const errors = state?.fieldErrors;
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Name" name="name" autoComplete="name" required errors={errors?.name} />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required errors={errors?.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters" errors={errors?.password} />
      <FormStatus state={state} />
      <SubmitButton pending={pending || !hydrated} className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
