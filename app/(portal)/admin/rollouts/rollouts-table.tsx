// The latest rollouts, newest first, each linking to its page.
import Link from "next/link";
import type { RolloutView } from "@/lib/rollouts/views";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/time";
import { progressText, RolloutStateBadge } from "./rollout-state";

export function RolloutsTable({ rollouts }: { rollouts: RolloutView[] }) {
  if (rollouts.length === 0) {
    return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">No rollouts yet.</p>;
  }
  return (
    <DataTable caption="Rollouts, newest first" columns={["Started", "Version", "State", "Progress", "Message", <span key="open" className="sr-only">Details</span>]}>
      {rollouts.map((r) => (
        <tr key={r.id} data-testid="rollout">
          <td className="px-4 py-2 align-top">
            <DateTime value={r.createdAt} />
          </td>
          <td className="min-w-48 px-4 py-2 align-top font-medium">{r.targetVersion.label}</td>
          <td className="px-4 py-2 align-top">
            <RolloutStateBadge state={r.state} />
          </td>
          <td className="px-4 py-2 align-top">{progressText(r.counts)}</td>
          <td className="min-w-48 px-4 py-2 align-top break-words text-slate-700">{r.message}</td>
          <td className="px-4 py-2 align-top">
            <Link href={`/admin/rollouts/${r.id}`} className="whitespace-nowrap font-medium text-indigo-700 underline-offset-2 hover:underline">
              Details<span className="sr-only"> of the rollout to {r.targetVersion.label}</span>
            </Link>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
