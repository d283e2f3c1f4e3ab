// The stores table of /stores and /admin/stores; scrolls sideways on narrow screens.
import Link from "next/link";
import type { StoreView } from "@/lib/stores/views";
import { DataTable } from "@/app/_components/data-table";
import { PhaseBadge } from "@/app/_components/phase-badge";
import { DateTime } from "@/app/_components/time";

export function StoreTable({ stores, showOwner }: { stores: StoreView[]; showOwner: boolean }) {
  return (
    <DataTable columns={["Store", "Status", "Links", "Created", showOwner && "Owner"]}>
      {stores.map((store) => (
        <tr key={store.id} data-testid={`store-${store.slug}`}>
          <td className="px-4 py-3 align-top">
            <Link href={`/stores/${store.id}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
              {store.displayName}
            </Link>
            <p className="font-mono text-xs whitespace-nowrap text-slate-500">{store.slug}</p>
          </td>
          <td className="px-4 py-3 align-top">
            <PhaseBadge phase={store.phase} />
            <p className="mt-1 max-w-64 text-xs text-slate-600">{store.statusMessage}</p>
          </td>
          <td className="px-4 py-3 align-top whitespace-nowrap">
            {store.deletedAt ? (
              <span className="text-slate-400">—</span>
            ) : (
              <ul className="space-y-1">
                <li>
                  <a href={store.url} target="_blank" rel="noreferrer" className="text-indigo-700 underline-offset-2 hover:underline">
                    Storefront<span className="sr-only"> of {store.slug} (opens in a new tab)</span>
                  </a>
                </li>
                <li>
                  <a href={store.adminUrl} target="_blank" rel="noreferrer" className="text-indigo-700 underline-offset-2 hover:underline">
                    WordPress admin<span className="sr-only"> of {store.slug} (opens in a new tab)</span>
                  </a>
                </li>
              </ul>
            )}
          </td>
          <td className="px-4 py-3 align-top">
            <DateTime value={store.createdAt} dateOnly />
          </td>
          {showOwner ? (
            <td className="px-4 py-3 align-top">
              <p>{store.owner.name}</p>
              <p className="text-xs text-slate-500">{store.owner.email}</p>
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}
