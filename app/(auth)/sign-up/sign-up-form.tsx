"use client";

import { useActionState, useEffect, useRef } from "react";
import { signIn } from "next-auth/react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { signUpAction } from "./actions";

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUpAction, null);
  // React clears the form once the action has run, so keep what was typed for the sign-in.
  const typed = useRef<{ email: string; password: string } | null>(null);

  // The account exists now: sign in with what was just typed and go to the stores.
  useEffect(() => {
    if (!state?.ok || !typed.current) return;
    void signIn("credentials", { ...typed.current, callbackUrl: "/stores" });
  }, [state]);

  const failed = state && !state.ok ? state : undefined;
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const form = new FormData(event.currentTarget);
        typed.current = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
      }}
      className="space-y-4"
      noValidate
    >
      <Field label="Name" name="name" autoComplete="name" required errors={failed?.fieldErrors?.name} defaultValue={failed?.values?.name} key={`name-${failed?.values?.name}`} />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required errors={failed?.fieldErrors?.email} defaultValue={failed?.values?.email} key={`email-${failed?.values?.email}`} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters"
        errors={failed?.fieldErrors?.password}
      />
      <FormStatus state={state?.ok ? { ok: true, message: "Account created, signing you in…" } : state} />
      <SubmitButton pending={pending || state?.ok === true} className="w-full">
        Create account
      </SubmitButton>
    </form>
  );
}
