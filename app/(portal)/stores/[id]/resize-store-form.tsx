"use client";
// Choose another size preset. The domain refuses the store's own size and any size with less
// storage; its message is shown under the choice.
import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { resizeStoreAction } from "./actions";

export interface SizeChoice {
  id: string;
  label: string;
  cpu: string;
  memory: string;
  storage: string;
}

export function ResizeStoreForm({ storeId, current, sizes }: { storeId: string; current: string; sizes: SizeChoice[] }) {
  const [state, action, pending] = useActionState(resizeStoreAction.bind(null, storeId), null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors?.size;
  const chosen = failed?.values?.size || current;
  return (
    <form action={action} className="space-y-2" aria-labelledby="resize-heading">
      <h3 id="resize-heading" className="text-sm font-semibold">
        Resize
      </h3>
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="resize-size" className="block text-xs text-slate-600">
            Size preset
          </label>
          <select
            id="resize-size"
            name="size"
            key={chosen}
            defaultValue={chosen}
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={["resize-description", errors?.length ? "resize-size-error" : null].filter(Boolean).join(" ")}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm aria-invalid:border-red-500"
          >
            {sizes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label} ({s.cpu} CPU, {s.memory} memory, {s.storage} storage)
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60"
        >
          {pending ? "Working…" : "Resize"}
        </button>
      </div>
      <p id="resize-description" className="text-xs text-slate-600">
        CPU, memory and quota follow the new size; the volumes grow if their storage class allows it. Storage never shrinks.
      </p>
      {errors?.length ? (
        <p id="resize-size-error" role="alert" className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
      <FormStatus state={errors?.length ? null : state} />
    </form>
  );
}
