// Each store of the rollout in the order it goes (the domain sorts them by batch, oldest store
// first): where its upgrade stands and the version it came from.
import Link from "next/link";
import type { RolloutStoreView } from "@/lib/rollouts/views";
import { DataTable } from "@/app/_components/data-table";
import { DateTime } from "@/app/_components/time";
import { StoreStateLabel } from "../rollout-state";

/** A store skipped when the rollout was planned (pinned) is in no batch. */
const batchLabel = (batch: number | null) => (batch === null ? "None" : batch === 0 ? "Canary" : `Batch ${batch}`);

export function RolloutStores({ stores }: { stores: RolloutStoreView[] }) {
  if (stores.length === 0) return <p className="text-sm text-slate-600">This rollout has no stores.</p>;
  return (
    <DataTable caption="Stores of this rollout, by batch" columns={["Store", "Batch", "State", "Message", "From version", "Started", "Finished"]}>
      {stores.map((s) => (
        <tr key={s.storeId} data-testid="rollout-store">
          <td className="px-4 py-2 align-top">
            <Link href={`/stores/${s.storeId}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
              {s.displayName}
            </Link>
            <p className="font-mono text-xs text-slate-500">{s.slug}</p>
          </td>
          <td className="px-4 py-2 align-top whitespace-nowrap">{batchLabel(s.batch)}</td>
          <td className="px-4 py-2 align-top">
            <StoreStateLabel state={s.state} />
          </td>
          <td className="min-w-48 px-4 py-2 align-top break-words text-slate-700">{s.message}</td>
          <td className="px-4 py-2 align-top">{s.fromVersion.label}</td>
          <td className="px-4 py-2 align-top">
            <DateTime value={s.startedAt} />
          </td>
          <td className="px-4 py-2 align-top">
            <DateTime value={s.finishedAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
