import type { Metadata } from "next";
import { requireAdminPage } from "@/app/_lib/session";
import { listRollouts, listVersions } from "@/lib/rollouts/service";
import { MAX_BATCH_SIZE, MAX_CANARY_SIZE } from "@/lib/rollouts/rules";
import { VersionsTable } from "./versions-table";
import { StartRolloutForm } from "./start-rollout-form";
import { RolloutsTable } from "./rollouts-table";
import { PageSection } from "@/app/_components/sections";

export const metadata: Metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  const actor = await requireAdminPage();
  const [versions, rollouts] = await Promise.all([listVersions(actor), listRollouts(actor)]);
  return (
    <section aria-labelledby="rollouts-heading" className="space-y-8">
      <div>
        <h1 id="rollouts-heading" className="text-2xl font-semibold">
          Rollouts
        </h1>
        <p className="text-sm text-slate-600">
          A store keeps the platform version (store chart, WordPress image, WooCommerce) it was created or last upgraded with; a rollout moves the live stores to
          another one.
        </p>
      </div>

      <PageSection id="versions" title="Versions">
        <p className="text-sm text-slate-600">New stores start on the newest version.</p>
        <VersionsTable versions={versions} />
      </PageSection>

      {versions.length > 0 ? (
        <PageSection id="start" title="Start a rollout">
          <p className="text-sm text-slate-600">
            The canary stores are upgraded first, then batches; each store must be Ready and healthy before the next batch starts; the rollout stops at the first
            failure. Pinned stores are skipped.
          </p>
          <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
            <StartRolloutForm versions={versions} maxCanarySize={MAX_CANARY_SIZE} maxBatchSize={MAX_BATCH_SIZE} />
          </div>
        </PageSection>
      ) : null}

      <PageSection id="history" title="Recent rollouts">
        <RolloutsTable rollouts={rollouts} />
      </PageSection>
    </section>
  );
}
