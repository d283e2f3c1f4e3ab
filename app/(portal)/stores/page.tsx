import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/session";
import { listStores, quotaUsage } from "@/lib/stores/service";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { Pagination, pageNumber } from "@/app/_components/pagination";
import { StoreTable } from "@/app/_components/store-table";
import { isStoreChanging } from "@/app/_components/store-phase";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await requireActor();
  const { page } = await searchParams;
  // Admins see everyone's stores on /admin/stores; here everybody sees their own.
  const [stores, quota] = await Promise.all([listStores(actor, { ownerId: actor.id, page: pageNumber(page) }), quotaUsage(actor)]);
  const atQuota = quota.used >= quota.allowed;
  return (
    <section aria-labelledby="stores-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 id="stores-heading" className="text-2xl font-semibold">
            Stores
          </h1>
          <p className="text-sm text-slate-600" data-testid="quota-usage">
            {quota.used} of {quota.allowed} stores used
          </p>
        </div>
        {stores.total > 0 ? (
          <Link href="/stores/new" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
            New store
          </Link>
        ) : null}
      </div>
      <LiveRefresh active={stores.items.some((store) => isStoreChanging(store))} />
      {stores.total === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-semibold">You have no stores yet</p>
          <p className="mt-1 text-sm text-slate-600">A store is a WooCommerce shop with its own database, ready in a few minutes.</p>
          {atQuota ? (
            <p className="mt-4 text-sm text-slate-600">Your quota allows no stores; ask an administrator to raise it.</p>
          ) : (
            <Link href="/stores/new" className="mt-4 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
              Create your first store
            </Link>
          )}
        </div>
      ) : (
        <>
          <StoreTable stores={stores.items} showOwner={false} />
          <Pagination page={stores.page} pageSize={stores.pageSize} total={stores.total} path="/stores" />
        </>
      )}
    </section>
  );
}
