// The fleet versions the workers recorded, newest first: what each runs and how many live stores
// run it.
import type { VersionView } from "@/lib/rollouts/views";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/time";

export function VersionsTable({ versions }: { versions: VersionView[] }) {
  if (versions.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
        No versions yet: each provisioning worker records the version it ships with when it starts.
      </p>
    );
  }
  return (
    <DataTable caption="Fleet versions, newest first" columns={["Version", "Chart", "WordPress image", "WooCommerce", "Live stores", "Recorded"]}>
      {versions.map((v) => (
        <tr key={v.id} data-testid="version">
          <td className="min-w-48 px-4 py-2 align-top">
            <span className="font-medium">{v.label}</span>
            {v.newest ? (
              <span className="ml-2 whitespace-nowrap rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-semibold text-indigo-800 ring-1 ring-inset ring-indigo-200">
                Newest<span className="sr-only">: new stores start on it</span>
              </span>
            ) : null}
          </td>
          <td className="px-4 py-2 align-top font-mono text-xs">{v.chart}</td>
          <td className="min-w-48 px-4 py-2 align-top font-mono text-xs break-all">{v.wordpressImage}</td>
          <td className="px-4 py-2 align-top">{v.woocommerce}</td>
          <td className="px-4 py-2 align-top tabular-nums">{v.stores}</td>
          <td className="px-4 py-2 align-top">
            <DateTime value={v.createdAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
