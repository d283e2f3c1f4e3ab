// Where the store lives and what it runs on; while its volumes are smaller than its size asks
// (a resize under way, or a StorageClass that does not allow expansion), how large they are and why.
import type { StoreView } from "@/lib/stores/views";
import { compareStorage } from "@/lib/stores/storage";
import { DateTime } from "@/app/_components/time";
import { DetailRow } from "@/app/_components/sections";

/** A link to the store's URL while it exists; plain text once it is deleted. */
function StoreUrl({ href, live }: { href: string; live: boolean }) {
  if (!live) return href;
  return (
    <a href={href} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
      {href}
    </a>
  );
}

export function StoreDetails({ store, showOwner }: { store: StoreView; showOwner: boolean }) {
  const live = store.deletedAt === null;
  return (
    <section aria-labelledby="details-heading" className="space-y-3">
      <h2 id="details-heading" className="text-lg font-semibold">
        Details
      </h2>
      <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
        <DetailRow term="Store">
          <StoreUrl href={store.url} live={live} />
        </DetailRow>
        <DetailRow term="WordPress admin">
          <StoreUrl href={store.adminUrl} live={live} />
        </DetailRow>
        <DetailRow term="Size">
          {store.sizeLabel}
          {store.resources ? (
            <span className="text-slate-600">
              {" "}— {store.resources.cpu} CPU, {store.resources.memory} memory, {store.resources.storage} storage
            </span>
          ) : null}
        </DetailRow>
        {store.volumeStorage && store.resources && compareStorage(store.volumeStorage, store.resources.storage) < 0 ? (
          <DetailRow term="Volumes">
            <span data-testid="volume-storage">sized for {store.volumeStorage}</span>
            {store.volumeNote ? (
              <p className="mt-1 text-amber-800" data-testid="volume-note">
                {store.volumeNote}
              </p>
            ) : (
              <span className="text-slate-600"> (growing to {store.resources.storage})</span>
            )}
          </DetailRow>
        ) : null}
        <DetailRow term="Catalogue">{store.sampleProducts ? "Started with WooCommerce's sample products" : "Started empty"}</DetailRow>
        {showOwner ? (
          <DetailRow term="Owner">
            {store.owner.name} <span className="text-slate-500">({store.owner.email})</span>
          </DetailRow>
        ) : null}
        <DetailRow term="Namespace">
          <code className="font-mono text-xs">{store.namespace}</code>
        </DetailRow>
        <DetailRow term="Created">
          <DateTime value={store.createdAt} />
        </DetailRow>
        {store.readyAt ? (
          <DetailRow term="First ready">
            <DateTime value={store.readyAt} />
          </DetailRow>
        ) : null}
        {store.deletedAt ? (
          <DetailRow term="Deleted">
            <DateTime value={store.deletedAt} />
          </DetailRow>
        ) : null}
        <DetailRow term="Conditions">
          <ul className="space-y-1" data-testid="conditions">
            {store.conditions.map((c) => (
              <li key={c.type}>
                <span className="font-medium">{c.type}</span>: {c.status === "True" ? "yes" : "no"}
                <span className="text-slate-600"> ({c.reason}, generation {c.observedGeneration})</span>
              </li>
            ))}
          </ul>
        </DetailRow>
      </dl>
    </section>
  );
}
