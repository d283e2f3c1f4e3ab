"use client";
// The store's custom domains: add one, create the DNS records shown, verify it; once verified the
// store answers on it too. Removing a domain takes it off the store's route.
import { useActionState } from "react";
import type { DomainView } from "@/lib/domains/views";
import type { ActionState } from "@/app/_lib/action-state";
import { Field, FormStatus, SubmitButton } from "@/app/_components/form";
import { addDomainAction, removeDomainAction, verifyDomainAction } from "./actions";

function DomainButton({ action, label, pendingLabel }: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; label: string; pendingLabel: string }) {
  const [state, run, pending] = useActionState(action, null);
  return (
    <form action={run} className="space-y-1">
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs font-semibold hover:bg-slate-50 disabled:opacity-60">
        {pending ? pendingLabel : label}
      </button>
      <FormStatus state={state} />
    </form>
  );
}

function DomainRow({ storeId, domain }: { storeId: string; domain: DomainView }) {
  return (
    <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="domain">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium break-all">
          {domain.host}{" "}
          <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-semibold ${domain.verified ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}>
            {domain.verified ? "Verified" : "Waiting for DNS"}
          </span>
        </p>
        <div className="flex gap-2">
          {domain.verified ? null : <DomainButton action={verifyDomainAction.bind(null, storeId, domain.id)} label="Verify" pendingLabel="Looking it up…" />}
          <DomainButton action={removeDomainAction.bind(null, storeId, domain.id)} label="Remove" pendingLabel="Removing…" />
        </div>
      </div>
      <table className="w-full text-left text-xs">
        <caption className="sr-only">DNS records for {domain.host}</caption>
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-2">Type</th>
            <th scope="col" className="py-1 pr-2">Name</th>
            <th scope="col" className="py-1 pr-2">Value</th>
            <th scope="col" className="py-1">Why</th>
          </tr>
        </thead>
        <tbody>
          {domain.records.map((r) => (
            <tr key={r.type} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-2 font-mono">{r.type}</td>
              <td className="py-1 pr-2 font-mono break-all">{r.name}</td>
              <td className="py-1 pr-2 font-mono break-all">{r.value}</td>
              <td className="py-1 text-slate-600">{r.purpose}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

export function StoreDomains({ storeId, domains }: { storeId: string; domains: DomainView[] }) {
  const [state, add, pending] = useActionState(addDomainAction.bind(null, storeId), null);
  const failed = state && !state.ok ? state : null;
  return (
    <div className="space-y-3">
      {domains.length ? (
        <ul className="space-y-2">
          {domains.map((d) => (
            <DomainRow key={d.id} storeId={storeId} domain={d} />
          ))}
        </ul>
      ) : null}
      <form action={add} className="flex flex-wrap items-end gap-3">
        <div className="w-72">
          <Field label="Add a domain" name="host" placeholder="shop.example.com" required defaultValue={failed?.values?.host} errors={failed?.fieldErrors?.host} />
        </div>
        <SubmitButton pending={pending}>Add domain</SubmitButton>
      </form>
      <FormStatus state={state} />
    </div>
  );
}
