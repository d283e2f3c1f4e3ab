// Audit entries as a table (the /audit page and a store's recent activity).
import type { AuditEntryView } from "@/lib/audit/query";
import { DateTime } from "@/app/_components/time";

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  if (entries.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No activity recorded yet.</p>;
  }
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Time</th>
            <th scope="col" className="px-4 py-2 font-medium">Actor</th>
            <th scope="col" className="px-4 py-2 font-medium">Action</th>
            <th scope="col" className="px-4 py-2 font-medium">Target</th>
            <th scope="col" className="px-4 py-2 font-medium">Source IP</th>
            <th scope="col" className="px-4 py-2 font-medium">Via</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="px-4 py-2 align-top">
                <DateTime value={entry.at} />
              </td>
              <td className="px-4 py-2 align-top">{entry.actorEmail ?? <span className="text-slate-500">system</span>}</td>
              <td className="px-4 py-2 align-top font-mono text-xs whitespace-nowrap">{entry.action}</td>
              <td className="px-4 py-2 align-top">
                <span className="text-slate-600">{entry.targetType}</span> <span className="font-mono text-xs">{targetLabel(entry)}</span>
              </td>
              <td className="px-4 py-2 align-top font-mono text-xs">{entry.sourceIp ?? "—"}</td>
              <td className="px-4 py-2 align-top">{entry.via}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Store entries carry the slug in their details, which says more than a cuid. */
function targetLabel(entry: AuditEntryView): string {
  const details = entry.details as { slug?: unknown; name?: unknown } | null;
  if (typeof details?.slug === "string") return details.slug;
  if (typeof details?.name === "string") return details.name;
  return entry.targetId ?? "";
}
