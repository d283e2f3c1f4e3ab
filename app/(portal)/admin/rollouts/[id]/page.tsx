import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdminPage } from "@/app/_lib/session";
import { getRollout } from "@/lib/rollouts/service";
import { ACTIVE_ROLLOUT_STATES, ROLLOUT_STORE_STATES } from "@/lib/rollouts/rules";
import type { RolloutDetail } from "@/lib/rollouts/views";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { DateTime } from "@/app/_components/time";
import { RolloutStateBadge, StoreStateLabel } from "../rollout-state";
import { RolloutControls } from "./rollout-controls";
import { RolloutStores } from "./rollout-stores";
import { DetailRow } from "@/app/_components/sections";

type Props = { params: Promise<{ id: string }> };

/** The rollout, or the 404 page for an unknown id. Cached per request: the metadata and the page
 * both need it. */
const loadRollout = cache(async (actor: Actor, id: string) => {
  try {
    return await getRollout(actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const actor = await requireAdminPage();
  const { id } = await params;
  const rollout = await loadRollout(actor, id);
  return { title: `Rollout to ${rollout.targetVersion.label}` };
}

const stores = (n: number) => `${n} ${n === 1 ? "store" : "stores"}`;

function RolloutFacts({ rollout }: { rollout: RolloutDetail }) {
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
      <DetailRow term="Target version">{rollout.targetVersion.label}</DetailRow>
      <DetailRow term="Canary size">{stores(rollout.canarySize)}</DetailRow>
      <DetailRow term="Batch size">{stores(rollout.batchSize)}</DetailRow>
      <DetailRow term="Batches">{rollout.batches} (the canary included)</DetailRow>
      <DetailRow term="Started">
        <DateTime value={rollout.createdAt} />
      </DetailRow>
      <DetailRow term="Finished">
        <DateTime value={rollout.finishedAt} />
      </DetailRow>
    </dl>
  );
}

function RolloutCounts({ counts }: { counts: RolloutDetail["counts"] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="rollout-counts">
      {ROLLOUT_STORE_STATES.map((state) => (
        <div key={state} className="flex items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <dt>
            <StoreStateLabel state={state} />
          </dt>
          <dd className="text-lg font-semibold tabular-nums">{counts[state]}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function RolloutPage({ params }: Props) {
  const actor = await requireAdminPage();
  const { id } = await params;
  const rollout = await loadRollout(actor, id);
  return (
    <article aria-labelledby="rollout-heading" className="space-y-8">
      <LiveRefresh active={ACTIVE_ROLLOUT_STATES.includes(rollout.state)} />
      <header className="space-y-2">
        <Link href="/admin/rollouts" className="text-sm text-indigo-700 underline-offset-2 hover:underline">
          ← Rollouts
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="rollout-heading" className="text-2xl font-semibold break-all">
            Rollout to {rollout.targetVersion.label}
          </h1>
          <RolloutStateBadge state={rollout.state} />
        </div>
        <div
          role="status"
          aria-live="polite"
          className={`rounded-lg border p-4 text-sm ${rollout.state === "failed" ? "border-red-200 bg-red-50" : "border-slate-200 bg-white"}`}
        >
          <p className="font-medium" data-testid="rollout-message">
            {rollout.message}
          </p>
        </div>
      </header>

      <RolloutFacts rollout={rollout} />

      <section aria-labelledby="counts-heading" className="space-y-3">
        <h2 id="counts-heading" className="text-lg font-semibold">
          Stores by state
        </h2>
        <RolloutCounts counts={rollout.counts} />
      </section>

      {rollout.allowedControls.length ? (
        <section aria-labelledby="controls-heading" className="space-y-3">
          <h2 id="controls-heading" className="text-lg font-semibold">
            Controls
          </h2>
          <RolloutControls rolloutId={rollout.id} controls={rollout.allowedControls} />
        </section>
      ) : null}

      <section aria-labelledby="stores-heading" className="space-y-3">
        <h2 id="stores-heading" className="text-lg font-semibold">
          Stores
        </h2>
        <RolloutStores stores={rollout.stores} />
      </section>
    </article>
  );
}
