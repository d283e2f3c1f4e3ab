"use client";

import { useActionState } from "react";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { createStoreAction } from "./actions";

export interface SizeOption {
  id: string;
  label: string;
  cpu: string;
  memory: string;
  storage: string;
}

const NAME_RULES = "3–30 characters: lowercase letters, digits and hyphens; starts with a letter, does not end with a hyphen, no two hyphens in a row. It becomes the store's web address and cannot be changed.";

export function CreateStoreForm({ sizes }: { sizes: SizeOption[] }) {
  const [state, action, pending] = useActionState(createStoreAction, null);
  const failed = state && !state.ok ? state : undefined;
  const sizeErrors = failed?.fieldErrors?.size;
  const chosenSize = failed?.values?.size || sizes[0]?.id;
  return (
    <form action={action} className="space-y-5" noValidate>
      <Field
        label="Store name"
        name="name"
        required
        autoComplete="off"
        spellCheck={false}
        hint={NAME_RULES}
        errors={failed?.fieldErrors?.name}
        defaultValue={failed?.values?.name}
        key={`name-${failed?.values?.name}`}
      />
      <Field
        label="Display name (optional)"
        name="displayName"
        autoComplete="off"
        hint="Shown in the portal; defaults to the name."
        errors={failed?.fieldErrors?.displayName}
        defaultValue={failed?.values?.displayName}
        key={`displayName-${failed?.values?.displayName}`}
      />
      <fieldset aria-describedby={sizeErrors?.length ? "size-error" : undefined} className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Size</legend>
        <div className="grid gap-2 sm:grid-cols-3" key={`size-${chosenSize}`}>
          {sizes.map((size) => (
            <label
              key={size.id}
              className="flex cursor-pointer gap-2 rounded-md border border-slate-300 p-3 text-sm has-checked:border-indigo-600 has-checked:bg-indigo-50 has-focus-visible:outline-2 has-focus-visible:outline-indigo-600"
            >
              <input type="radio" name="size" value={size.id} defaultChecked={size.id === chosenSize} className="mt-1" />
              <span>
                <span className="block font-medium">{size.label}</span>
                <span className="block text-xs text-slate-600">
                  {size.cpu} CPU · {size.memory} memory · {size.storage} storage
                </span>
              </span>
            </label>
          ))}
        </div>
        {sizeErrors?.length ? (
          <p id="size-error" className="text-sm text-red-700">
            {sizeErrors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <label className="flex gap-2 text-sm" key={`sample-${failed?.values?.sampleProducts}`}>
        <input type="checkbox" name="sampleProducts" defaultChecked={failed?.values?.sampleProducts === "on"} className="mt-1" />
        <span>
          <span className="block font-medium text-slate-700">Start with sample products</span>
          <span className="block text-xs text-slate-600">WooCommerce&apos;s own demo catalogue (hoodies, t-shirts, caps, an album…), without pictures, added once when the store is made.</span>
        </span>
      </label>
      <FormStatus state={state} />
      <SubmitButton pending={pending}>Create store</SubmitButton>
    </form>
  );
}
