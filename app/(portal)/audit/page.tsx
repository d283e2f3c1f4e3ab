import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/session";
import { listAudit } from "@/lib/audit/query";
import { AuditTable } from "@/app/_components/audit-table";
import { Pagination, pageNumber } from "@/app/_components/pagination";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<{ page?: string; storeId?: string }>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const params = await searchParams;
  const storeId = typeof params.storeId === "string" && params.storeId ? params.storeId : undefined;
  // The domain decides what is visible: everything for admins, a member's own actions and stores.
  const audit = await listAudit(actor, { page: pageNumber(params.page), pageSize: 50, storeId });
  const admin = actor.role === "admin";
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div>
        <h1 id="audit-heading" className="text-2xl font-semibold">
          {admin ? "Audit log" : "Activity"}
        </h1>
        <p className="text-sm text-slate-600">
          {admin ? "Every change made through the portal, the API and the worker." : "Your own actions and everything that happened to your stores."}
          {storeId ? " Showing one store only." : ""}
        </p>
      </div>
      <AuditTable entries={audit.items} caption={admin ? "Audit log" : "Your activity"} />
      <Pagination page={audit.page} pageSize={audit.pageSize} total={audit.total} path="/audit" params={{ storeId }} />
    </section>
  );
}
