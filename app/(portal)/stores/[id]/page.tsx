import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireActor } from "@/app/_lib/session";
import { env } from "@/lib/config/env";
import { getStore, listStoreEvents } from "@/lib/stores/service";
import { listBackups } from "@/lib/backups/service";
import { storeHealth } from "@/lib/stores/health-service";
import { listDomains } from "@/lib/domains/service";
import { backupsEnabled } from "@/lib/backups/config";
import { isRestorable } from "@/lib/backups/views";
import { listAudit } from "@/lib/audit/query";
import { MAX_PIN_DAYS } from "@/lib/rollouts/rules";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { AuditTable } from "@/app/_components/audit-table";
import { LiveRefresh } from "@/app/_components/live-refresh";
import { PhaseBadge } from "@/app/_components/phase-badge";
import { isStoreChanging } from "@/app/_components/store-phase";
import { StoreTimeline } from "./store-timeline";
import { StoreDetails } from "./store-details";
import { StoreActions } from "./store-actions";
import { RevealCredentials } from "./reveal-credentials";
import { OpenAdminButton } from "./open-admin-button";
import { DeleteStoreForm } from "./delete-store-form";
import { BackupButton } from "./backup-button";
import { StoreBackups } from "./store-backups";
import { UndoDeleteButton } from "./undo-delete-button";
import { StoreLogs } from "./store-logs";
import { StoreHealth } from "./store-health";
import { StoreDomains } from "./store-domains";
import { StoreVersion } from "./store-version";

type Props = { params: Promise<{ id: string }> };

/** The store, or the 404 page for ids the actor may not see (the domain does not say which).
 * Cached per request: the metadata and the page both need it. */
const loadStore = cache(async (actor: Actor, id: string) => {
  try {
    const [store, events, backups, health, domains] = await Promise.all([
      getStore(actor, id),
      listStoreEvents(actor, id),
      listBackups(actor, id),
      storeHealth(actor, id),
      listDomains(actor, id),
    ]);
    return { store, events, backups, health, domains };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const actor = await requireActor();
  const { id } = await params;
  const { store } = await loadStore(actor, id);
  return { title: store.displayName };
}

export default async function StorePage({ params }: Props) {
  const actor = await requireActor();
  const { id } = await params;
  const { store, events, backups, health, domains } = await loadStore(actor, id);
  const audit = await listAudit(actor, { storeId: store.id, pageSize: 10 });
  const deleted = store.phase === "Deleted" || store.deletedAt !== null;
  const failed = store.phase === "Failed";
  const degraded = store.conditions.find((c) => c.type === "Degraded" && c.status === "True");
  return (
    <article aria-labelledby="store-heading" className="space-y-8">
      <LiveRefresh active={isStoreChanging(store) || backups.some((b) => b.state === "requested" || b.state === "running")} />
      <header className="space-y-2">
        <Link href="/stores" className="text-sm text-indigo-700 underline-offset-2 hover:underline">
          ← Stores
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="store-heading" className="text-2xl font-semibold break-all">
            {store.displayName}
          </h1>
          <PhaseBadge phase={store.phase} />
          {degraded ? (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900" data-testid="degraded-badge">
              Degraded
            </span>
          ) : null}
        </div>
        <p className="font-mono text-sm text-slate-500">{store.slug}</p>
        <div
          role="status"
          aria-live="polite"
          className={`rounded-lg border p-4 text-sm ${failed ? "border-red-200 bg-red-50" : "border-slate-200 bg-white"}`}
        >
          <p className="font-medium" data-testid="status-message">
            <span className="sr-only">Phase {store.phase}: </span>
            {store.statusMessage}
          </p>
          {store.failureReason ? <p className="mt-1 text-red-800">Reason: {store.failureReason}</p> : null}
          {degraded ? <p className="mt-1 text-amber-900">Degraded: {degraded.message}</p> : null}
          {store.statusHint ? <p className="mt-1 text-slate-700">What to do: {store.statusHint}</p> : null}
        </div>
      </header>

      {deleted ? (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm text-slate-700">
          <p>This store has been deleted. Its timeline and activity are kept for the record.</p>
          {store.undoDeleteUntil && backups.some(isRestorable) && backupsEnabled(env()) ? (
            <UndoDeleteButton storeId={store.id} until={store.undoDeleteUntil} />
          ) : null}
        </div>
      ) : (
        <StoreActions store={store} sizes={Object.entries(env().STORE_SIZES).map(([id, preset]) => ({ id, ...preset }))} />
      )}

      <StoreDetails store={store} showOwner={actor.role === "admin"} />

      {deleted ? null : (
        <StoreVersion storeId={store.id} version={store.version} pinnedUntil={store.pinnedUntil} pinnable={store.allowedActions.includes("pin")} maxPinDays={MAX_PIN_DAYS} />
      )}

      {deleted ? null : (
        <section aria-labelledby="credentials-heading" className="space-y-3">
          <h2 id="credentials-heading" className="text-lg font-semibold">
            WordPress admin login
          </h2>
          <p className="text-sm text-slate-600">
            Open WordPress admin signs you in through a single-use link; a revealed login is shown only in this browser tab. Both are recorded in the audit log.
          </p>
          {store.phase === "Ready" ? <OpenAdminButton storeId={store.id} /> : null}
          <RevealCredentials storeId={store.id} />
        </section>
      )}

      {backupsEnabled(env()) || backups.length > 0 ? (
        <section aria-labelledby="backups-heading" className="space-y-3">
          <h2 id="backups-heading" className="text-lg font-semibold">
            Backups
          </h2>
          <p className="text-sm text-slate-600">
            The database and wp-content, kept in the platform&apos;s object storage after the store is deleted. A running store is backed up on a schedule and once more
            when it is deleted.
          </p>
          {!deleted && store.phase === "Ready" && backupsEnabled(env()) ? <BackupButton storeId={store.id} /> : null}
          <StoreBackups
            storeId={store.id}
            backups={backups}
            restorable={!deleted && store.allowedActions.includes("restore") && backupsEnabled(env())}
            clonable={backupsEnabled(env())}
          />
        </section>
      ) : null}

      {deleted ? null : (
        <section aria-labelledby="health-heading" className="space-y-3">
          <h2 id="health-heading" className="text-lg font-semibold">
            Health
          </h2>
          <p className="text-sm text-slate-600">
            The platform loads the storefront and the cart of a running store every few minutes, as a shopper would. Three failures in a row mark it Degraded.
          </p>
          <StoreHealth health={health} />
        </section>
      )}

      {deleted ? null : (
        <section aria-labelledby="domains-heading" className="space-y-3">
          <h2 id="domains-heading" className="text-lg font-semibold">
            Custom domains
          </h2>
          <p className="text-sm text-slate-600">
            Let shoppers reach the store at a domain of yours too. Add it, create the two DNS records shown, then verify it; the store keeps its own address.
          </p>
          <StoreDomains storeId={store.id} domains={domains} />
        </section>
      )}

      {deleted ? null : (
        <section aria-labelledby="logs-heading" className="space-y-3">
          <h2 id="logs-heading" className="text-lg font-semibold">
            Logs
          </h2>
          <p className="text-sm text-slate-600">The recent output of the store&apos;s containers, with anything that looks like a secret hidden. Each read is recorded in the audit log.</p>
          <StoreLogs storeId={store.id} />
        </section>
      )}

      <section aria-labelledby="timeline-heading" className="space-y-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <StoreTimeline events={events} now={Date.now()} final={deleted} />
      </section>

      <section aria-labelledby="activity-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="activity-heading" className="text-lg font-semibold">
            Recent activity
          </h2>
          {audit.total > audit.items.length ? (
            <Link href={`/audit?storeId=${encodeURIComponent(store.id)}`} className="text-sm text-indigo-700 underline-offset-2 hover:underline">
              All {audit.total} entries
            </Link>
          ) : null}
        </div>
        <AuditTable entries={audit.items} caption={`Recent activity of ${store.slug}`} />
      </section>

      {store.allowedActions.includes("delete") ? <DeleteStoreForm storeId={store.id} slug={store.slug} /> : null}
    </article>
  );
}
