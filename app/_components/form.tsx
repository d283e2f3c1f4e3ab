// Small accessible form parts: every input has a label, its errors are tied to it with
// aria-describedby, and the form status is announced through aria-live.
import type { InputHTMLAttributes, ReactNode } from "react";

/** `id` defaults to `name`; give one where a page has several forms with the same field. */
export function Field({
  label,
  name,
  id = name,
  errors,
  hint,
  ...input
}: { label: string; name: string; id?: string; errors?: string[]; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500"
        {...input}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="text-sm text-red-700">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormStatus({ state }: { state: { ok: boolean; message?: string } | null }) {
  return (
    <div aria-live="polite" role="status" className="min-h-5 text-sm">
      {state?.message ? <p className={state.ok ? "text-green-700" : "text-red-700"}>{state.message}</p> : null}
    </div>
  );
}

export function SubmitButton({ children, pending, className = "" }: { children: ReactNode; pending?: boolean; className?: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className={`inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60 ${className}`}
    >
      {pending ? "Working…" : children}
    </button>
  );
}
