// The resync: every settled store (Ready or Suspended, nothing new asked) is compared with the
// watch cache, every resync period and whenever one of its objects changes. A store whose live
// state matches costs a comparison, not a process and not an API call, and one whose row and
// namespace did not change since it was last compared costs a map lookup (SettledVerdicts); one
// that is off (drift, a missing object, new chart or values, not serving) is made due, and a pass
// repairs it.
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

/** The applied states of these stores (what their releases applied), read from the database. */
async function appliedStates(ids: string[]): Promise<Map<string, OwnedState | null>> {
  if (!ids.length) return new Map();
  const rows = await db().store.findMany({ where: { id: { in: ids } }, select: { id: true, appliedState: true } });
  return new Map(rows.map((r) => [r.id, (r.appliedState as OwnedState | null) ?? null]));
}

/** Stores computed again per read of their applied states: after a restart all of them are, and
 * the chunks bound the memory that takes, and let watch events and claims in between. */
const VERDICTS_PER_READ = 50;

/**
 * A settled store's verdict depends only on its row (applied digest and fleet version included)
 * and on its namespace's objects, so it is kept with those inputs and computed again only when
 * one of them changed (the cluster cache counts every change of a namespace). A resync of a
 * thousand unchanged stores thus costs a map lookup each, and the applied states, the biggest
 * thing a verdict reads, stay in the database: read only for the stores being computed again.
 */
export class SettledVerdicts {
  private readonly byStore = new Map<string, { inputs: string; reason: string | null }>();

  /** The verdict kept for the store if its inputs are still these. */
  kept(id: string, inputs: string): { reason: string | null } | undefined {
    const v = this.byStore.get(id);
    return v?.inputs === inputs ? v : undefined;
  }

  keep(id: string, inputs: string, reason: string | null): void {
    this.byStore.set(id, { inputs, reason });
  }

  /** Forgets stores that are no longer settled, so the map does not grow for ever. */
  keepOnly(ids: Set<string>): void {
    for (const id of this.byStore.keys()) if (!ids.has(id)) this.byStore.delete(id);
  }
}

type ResyncDeps = { cache: ClusterCache; settings: PlatformSettings; versions: Versions; verdicts: SettledVerdicts };

/** The ids of settled stores that are out of sync, with the reason for each. */
export async function outOfSyncStores(deps: ResyncDeps, slugs?: string[]): Promise<{ id: string; slug: string; reason: string }[]> {
  const stores = await loadSettled(slugs);
  if (!slugs) deps.verdicts.keepOnly(new Set(stores.map((s) => s.id)));
  // The inputs are read before anything is awaited: a change meanwhile makes the next check compute again.
  const inputs = new Map(stores.map((s) => [s.id, `${deps.cache.changeCount(storeObjects(s.slug).namespace)} ${JSON.stringify(s)}`]));
  const stale = stores.filter((s) => !deps.verdicts.kept(s.id, inputs.get(s.id)!));
  for (let i = 0; i < stale.length; i += VERDICTS_PER_READ) {
    const chunk = stale.slice(i, i + VERDICTS_PER_READ);
    const applied = await appliedStates(chunk.map((s) => s.id));
    for (const s of chunk) deps.verdicts.keep(s.id, inputs.get(s.id)!, await storeOff(deps, s, applied.get(s.id) ?? null));
  }
  const off: { id: string; slug: string; reason: string }[] = [];
  for (const s of stores) {
    const reason = deps.verdicts.kept(s.id, inputs.get(s.id)!)?.reason;
    if (reason) off.push({ id: s.id, slug: s.slug, reason });
  }
  return off;
}

async function storeOff(deps: ResyncDeps, s: SettledStore, applied: OwnedState | null): Promise<string | null> {
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
