"use client";

import { useActionState } from "react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { CopyButton } from "@/app/_components/copy-button";
import { createTokenAction } from "./actions";

const EXPIRY_CHOICES = [
  { days: "30", label: "30 days" },
  { days: "7", label: "7 days" },
  { days: "90", label: "90 days" },
  { days: "365", label: "1 year" },
  { days: "", label: "Never" },
];

const selectClass = "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  const failed = state && !state.ok ? state : undefined;
  const errors = failed?.fieldErrors;
  return (
    <div className="space-y-4">
      <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-56 flex-1">
          <Field
            label="Token name"
            name="name"
            autoComplete="off"
            hint="What the token is for, e.g. “CI deploys”."
            errors={errors?.name}
            defaultValue={failed?.values?.name}
            key={`name-${failed?.values?.name}`}
          />
        </div>
        <div className="mb-5 space-y-1">
          <label htmlFor="scope" className="block text-sm font-medium text-slate-700">Access</label>
          <select id="scope" name="scope" defaultValue={failed?.values?.scope || "full"} className={selectClass}>
            <option value="full">Full (acts as you)</option>
            <option value="read">Read only</option>
          </select>
        </div>
        <div className="mb-5 space-y-1">
          <label htmlFor="expiresInDays" className="block text-sm font-medium text-slate-700">Expires after</label>
          <select id="expiresInDays" name="expiresInDays" defaultValue={failed?.values?.expiresInDays ?? "30"} className={selectClass}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.label} value={choice.days}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton pending={pending} className="mb-5">
          Create token
        </SubmitButton>
      </form>
      <FormStatus state={failed ? { ok: false, message: [failed.message, ...Object.values(errors ?? {}).flat()].join(" ") } : null} />
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
