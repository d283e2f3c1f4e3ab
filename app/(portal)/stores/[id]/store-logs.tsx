"use client";
// The store's recent logs on demand: WordPress, MariaDB or the bootstrap, secrets redacted. Each
// read is recorded in the audit log.
import { useActionState } from "react";
import { FormStatus } from "@/app/_components/form";
import { readLogsAction, type LogsState } from "./actions";

const SOURCES = [
  { value: "wordpress", label: "WordPress" },
  { value: "bootstrap", label: "Bootstrap (the shop's setup)" },
  { value: "mariadb", label: "MariaDB" },
];

export function StoreLogs({ storeId }: { storeId: string }) {
  const [state, action, pending] = useActionState<LogsState, FormData>(readLogsAction.bind(null, storeId), null);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="log-component" className="block text-sm font-medium text-slate-700">
            Container
          </label>
          <select id="log-component" name="component" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            {SOURCES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-50 disabled:opacity-60">
          {pending ? "Reading…" : "Show recent logs"}
        </button>
      </form>
      {state && !state.ok ? <FormStatus state={state} /> : null}
      {state?.ok ? (
        <div className="space-y-1">
          <p className="text-xs text-slate-600" role="status">
            {state.logs.pod ? `The last ${state.logs.lines.length} line(s) of ${state.logs.component} in pod ${state.logs.pod}` : "No pod runs for it now (a suspended store runs none)."}
          </p>
          <pre data-testid="store-logs" className="max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs whitespace-pre-wrap text-slate-100">
            {state.logs.lines.join("\n") || "(no output yet)"}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
