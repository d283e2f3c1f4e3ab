import type { Metadata } from "next";
import { requireAdminPage } from "@/app/_lib/session";
import { listStores } from "@/lib/stores/service";
import { listUsers } from "@/lib/users/service";
import { STORE_PHASES } from "@/lib/stores/lifecycle";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { Pagination, pageNumber } from "@/app/_components/pagination";
import { StoreTable } from "@/app/_components/store-table";
import { isStoreChanging } from "@/app/_components/store-phase";
import { StoreFilters } from "./store-filters";

export const metadata: Metadata = { title: "All stores" };

type Phase = (typeof STORE_PHASES)[number];
type SearchParams = Promise<{ phase?: string; owner?: string; page?: string }>;

export default async function AdminStoresPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireAdminPage();
  const params = await searchParams;
  // Unknown values in a hand-edited URL mean "no filter" rather than an error page.
  const phase = STORE_PHASES.includes(params.phase as Phase) ? (params.phase as Phase) : undefined;
  const users = await listUsers(actor);
  const ownerId = users.some((u) => u.id === params.owner) ? params.owner : undefined;
  const stores = await listStores(actor, { phase, ownerId, page: pageNumber(params.page), pageSize: 25 });
  return (
    <section aria-labelledby="admin-stores-heading" className="space-y-4">
      <h1 id="admin-stores-heading" className="text-2xl font-semibold">
        All stores
      </h1>
      <StoreFilters phases={STORE_PHASES} owners={users.map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))} phase={phase} ownerId={ownerId} />
      <LiveRefresh active={stores.items.some((store) => isStoreChanging(store))} />
      <p className="text-sm text-slate-600" aria-live="polite">
        {stores.total} {stores.total === 1 ? "store" : "stores"}
        {phase ? ` in phase ${phase}` : " (deleted stores are listed under phase Deleted)"}
      </p>
      {stores.total === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No stores match these filters.</p>
      ) : (
        <StoreTable stores={stores.items} showOwner />
      )}
      <Pagination page={stores.page} pageSize={stores.pageSize} total={stores.total} path="/admin/stores" params={{ phase, owner: ownerId }} />
    </section>
  );
}
