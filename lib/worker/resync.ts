// The resync: every settled store (Ready or Suspended, nothing new asked) is compared with the
// watch cache, every resync period and whenever one of its objects changes. A store whose live
// state matches costs a comparison, not a process and not an API call; one that is off (drift, a
// missing object, new chart or values, not serving) is made due, and a pass repairs it.
import { db } from "@/lib/db/client";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { SETTLED_PHASE, type Desired } from "@/lib/stores/lifecycle";
import type { ClusterCache, StoreSnapshot } from "./cluster-cache";
import type { OwnedState } from "./drift";
import { driftOf, namespaceOwnership, workloadView } from "./observe";
import { storeSpec, type PlatformSettings } from "./values";
import { desiredRelease, type Versions } from "./versions";

export interface SettledStore {
  id: string;
  slug: string;
  displayName: string;
  size: string;
  volumeStorage: string | null;
  sampleProducts: boolean;
  desiredState: Desired;
  appliedDigest: string | null;
  /** Its fleet version (null until its first pass gives it one). */
  versionId: string | null;
  ownerEmail: string;
  /** Its verified custom domains. */
  extraHosts: string[];
}

/** Why a settled store is no longer in sync, or null when it is. Pure. */
export function settledStoreOff(store: SettledStore, desiredDigest: string, applied: OwnedState | null, snap: StoreSnapshot): string | null {
  const namespace = namespaceOwnership(snap, store.id);
  if (namespace !== "ours") return `namespace ${namespace}`;
  if (store.appliedDigest !== desiredDigest) return "chart or values changed";
  if (!applied) return "applied state unknown";
  const drift = driftOf(snap, applied);
  if (drift) return drift;
  const view = workloadView(snap, store.slug);
  if (store.desiredState === "present" && !view.ready) return "not serving";
  if (store.desiredState === "suspended" && !view.scaledDown) return "pods still running";
  return null;
}

const SETTLED_SQL = `("desiredState" = 'present' AND "phase" = '${SETTLED_PHASE.present}') OR ("desiredState" = 'suspended' AND "phase" = '${SETTLED_PHASE.suspended}')`;

/** Settled stores no worker holds; all of them, or those with these slugs. */
async function loadSettled(slugs?: string[]): Promise<SettledStore[]> {
  return db().$queryRawUnsafe<SettledStore[]>(
    `SELECT s.id, s.slug, s."displayName", s.size, s."volumeStorage", s."sampleProducts", s."desiredState", s."appliedDigest", s."versionId", u.email AS "ownerEmail",
       ARRAY(SELECT d.host FROM "StoreDomain" d WHERE d."storeId" = s.id AND d."verifiedAt" IS NOT NULL) AS "extraHosts"
     FROM "Store" s JOIN "User" u ON u.id = s."ownerId"
     WHERE s."deletedAt" IS NULL AND s."leaseOwner" IS NULL AND s."generation" = s."observedGeneration" AND (${SETTLED_SQL})
       ${slugs ? "AND s.slug = ANY($1::text[])" : ""}`,
    ...(slugs ? [slugs] : []),
  );
}

/**
 * Applied states rarely change (only when a pass applies a release), so they are kept in memory
 * per store and digest, and only the missing ones are read.
 */
export class AppliedStates {
  private readonly byStore = new Map<string, { digest: string | null; state: OwnedState | null }>();

  async of(stores: SettledStore[]): Promise<Map<string, OwnedState | null>> {
    const stale = stores.filter((s) => this.byStore.get(s.id)?.digest !== s.appliedDigest);
    if (stale.length) {
      const rows = await db().store.findMany({ where: { id: { in: stale.map((s) => s.id) } }, select: { id: true, appliedDigest: true, appliedState: true } });
      for (const r of rows) this.byStore.set(r.id, { digest: r.appliedDigest, state: (r.appliedState as OwnedState | null) ?? null });
    }
    return new Map(stores.map((s) => [s.id, this.byStore.get(s.id)?.state ?? null]));
  }

  /** Forgets stores that are gone, so the map does not grow for ever. */
  keepOnly(ids: Set<string>): void {
    for (const id of this.byStore.keys()) if (!ids.has(id)) this.byStore.delete(id);
  }
}

/** The ids of settled stores that are out of sync, with the reason for each. */
export async function outOfSyncStores(
  deps: { cache: ClusterCache; settings: PlatformSettings; versions: Versions; applied: AppliedStates },
  slugs?: string[],
): Promise<{ id: string; slug: string; reason: string }[]> {
  const stores = await loadSettled(slugs);
  if (!slugs) deps.applied.keepOnly(new Set(stores.map((s) => s.id)));
  const applied = await deps.applied.of(stores);
  const off: { id: string; slug: string; reason: string }[] = [];
  for (const s of stores) {
    const reason = await storeOff(deps, s, applied.get(s.id) ?? null);
    if (reason) off.push({ id: s.id, slug: s.slug, reason });
  }
  return off;
}

async function storeOff(deps: { cache: ClusterCache; settings: PlatformSettings; versions: Versions }, s: SettledStore, applied: OwnedState | null): Promise<string | null> {
  if (!s.versionId) return "no fleet version recorded";
  let desiredDigest: string;
  try {
    desiredDigest = desiredRelease(storeSpec(s, s.ownerEmail, s.desiredState), deps.settings, await deps.versions.of(s.versionId)).digest;
  } catch (error) {
    // Its size preset is gone from the configuration, say: a pass reports it on the store.
    return `its values cannot be computed (${(error as Error).message})`;
  }
  return settledStoreOff(s, desiredDigest, applied, deps.cache.snapshot(storeObjects(s.slug).namespace));
}
