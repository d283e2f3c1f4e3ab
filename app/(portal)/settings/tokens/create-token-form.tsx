"use client";

import { useActionState } from "react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { CopyButton } from "@/app/_components/copy-button";
import { createTokenAction } from "./actions";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  const failed = state && !state.ok ? state : undefined;
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-56 flex-1">
          <Field
            label="Token name"
            name="name"
            autoComplete="off"
            hint="What the token is for, e.g. “CI deploys”."
            errors={failed?.fieldErrors?.name}
            defaultValue={failed?.values?.name}
            key={`name-${failed?.values?.name}`}
          />
        </div>
        <SubmitButton pending={pending} className="mb-5">
          Create token
        </SubmitButton>
      </form>
      <FormStatus state={failed ?? null} />
      {state?.ok ? (
        <div role="alert" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="font-semibold text-amber-900">Copy your new token “{state.name}” now. It will not be shown again.</p>
          <code data-testid="new-token" className="block rounded bg-white px-3 py-2 font-mono text-xs break-all">
            {state.token}
          </code>
          <CopyButton value={state.token} label="Copy token" />
        </div>
      ) : null}
    </div>
  );
}
