import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/app/_lib/session";
import { env } from "@/lib/config/env";
import { quotaUsage } from "@/lib/stores/service";
import { CreateStoreForm } from "./create-store-form";

export const metadata: Metadata = { title: "New store" };

export default async function NewStorePage() {
  const actor = await requireActor();
  const quota = await quotaUsage(actor);
  const sizes = Object.entries(env().STORE_SIZES).map(([id, preset]) => ({ id, ...preset }));
  return (
    <section aria-labelledby="new-store-heading" className="mx-auto max-w-2xl space-y-6">
      <div>
        <Link href="/stores" className="text-sm text-indigo-700 underline-offset-2 hover:underline">
          ← Stores
        </Link>
        <h1 id="new-store-heading" className="mt-2 text-2xl font-semibold">
          New store
        </h1>
        <p className="text-sm text-slate-600" data-testid="quota-usage">
          You are using {quota.used} of {quota.allowed} stores allowed.
        </p>
        {quota.used >= quota.allowed ? (
          <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            You have no stores left in your quota. Delete a store or ask an administrator for a higher quota.
          </p>
        ) : null}
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <CreateStoreForm sizes={sizes} />
      </div>
    </section>
  );
}
