// Audit entries as a table (the /audit page and a store's recent activity).
import type { AuditEntryView } from "@/lib/audit/query";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/time";

const COLUMNS = ["Time", "Actor", "Action", "Target", "Source IP", "Via"];

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  if (entries.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No activity recorded yet.</p>;
  }
  return (
    <DataTable caption={caption} columns={COLUMNS}>
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
    </DataTable>
  );
}

/** Store entries carry the slug in their details, which says more than a cuid. */
function targetLabel(entry: AuditEntryView): string {
  const details = entry.details as { slug?: unknown; name?: unknown } | null;
  if (typeof details?.slug === "string") return details.slug;
  if (typeof details?.name === "string") return details.name;
  return entry.targetId ?? "";
}
