// One reconcile pass over one leased store: observe → decide → run that action's handler, again
// and again, until the store is in sync or has to wait for the cluster. Level-triggered: each round
// re-reads the world, so a pass interrupted at any line is simply re-run by the next owner. A pass
// holds its concurrency slot only while it acts: waiting for a rollout, a scale-down or a namespace
// to go ends the pass, and the cluster cache's watch events make the store due again.
import { db } from "@/lib/db/client";
import type { Helm } from "@/lib/helm/cli";
import type { Kube } from "@/lib/kube/client";
import { releaseHistory } from "@/lib/kube/releases";
import type { NamespaceGrant } from "@/lib/kube/store-objects";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { isSettled, SETTLED_PHASE, WORKING_PHASE, type Desired } from "@/lib/stores/lifecycle";
import { storeUrl } from "@/lib/stores/naming";
import { storageToGrow } from "@/lib/stores/storage";
import type { ObjectStoreAddress } from "@/lib/backups/job";
import type { ClusterCache } from "./cluster-cache";
import { backupsInFlight } from "./backup-queue";
import { decide, type Action, type ReleaseInfo } from "./decide";
import type { OwnedState } from "./drift";
import type { FailureLimits } from "./failure-policy";
import { LeaseLostError, updateOwned } from "./leases";
import type { Logger } from "./log";
import { observe, releaseInfo, type WorkloadView } from "./observe";
import { HANDLERS, type Handled } from "./handlers";
import { applyFailure } from "./pass-failure";
import { recordProgress, STEP_TEXT } from "./progress";
import { Timeline } from "./timeline";
import { mariadbClaimSize, storeSpec, type PlatformSettings } from "./values";
import { desiredRelease, newestVersionId, type LoadedVersion, type Versions } from "./versions";

export interface ReconcileDeps {
  kube: Kube;
  helm: Helm;
  cache: ClusterCache;
  settings: PlatformSettings;
  /** The fleet versions stores run (lib/worker/versions.ts). */
  versions: Versions;
  helmTimeoutSeconds: number;
  readyTimeoutMs: number;
  podSecurityLevel: "restricted" | "baseline";
  /** RoleBindings made in each store namespace (lib/worker/grants.ts); none outside a cluster. */
  namespaceGrants: NamespaceGrant[];
  workerId: string;
  log: Logger;
  /** A pending-* Helm release older than this is abandoned (default: the lease length). */
  staleLockMs: number;
  /** A pod problem (image pull, crash loop...) must persist this long to fail the attempt. */
  failFastMs: number;
  limits: FailureLimits;
  /** After a settled pass, when the next full pass is due (the resync checks more often). */
  fullPassMs: number;
  /** With backups configured: what a restore Job needs (lib/backups/job.ts). */
  restore?: RestoreSettings;
  onFailure?: (reason: string) => void;
  /** What this worker remembers between passes: when each store's pod problem was first seen,
   * and how many passes in a row found the cluster unreachable. */
  memory: { problems: Map<string, { reason: string; sinceMs: number }>; outages: Map<string, number> };
}

export interface RestoreSettings {
  objectStore: ObjectStoreAddress;
  keys: { accessKeyId: string; secretAccessKey: string };
  timeoutSeconds: number;
}

export interface PassResult {
  outcome: "in-sync" | "waiting" | "failed" | "retrying" | "unreachable" | "aborted" | "lease-lost" | "gone";
  requeueMs: number;
}

export class Aborted extends Error {}

export type StoreRow = NonNullable<Awaited<ReturnType<typeof loadStore>>>;
type Mode = "provision" | "resume" | "resize" | "restore" | "domains" | "upgrade" | "suspend" | "delete" | "repair" | "resync";
/** The steps a pass that settles a present or suspended store may finish. */
type FinishedStep = "repair" | "suspend" | "resume" | "resize" | "restore" | "domains" | "upgrade" | "ready";

function loadStore(id: string) {
  return db().store.findUnique({
    where: { id },
    include: {
      owner: { select: { email: true } },
      // Its verified custom domains: the route serves them too.
      domains: { where: { verifiedAt: { not: null } }, select: { host: true } },
      // The latest resume, resize, restore, domains or upgrade step: a resume that waits over
      // several passes is still a resume, and the others are known by the step their request wrote
      // (lib/stores/service.ts, lib/backups/restore.ts, lib/domains/service.ts, lib/worker/rollouts.ts).
      events: { where: { step: { in: ["resume", "resize", "restore", "domains", "upgrade"] } }, orderBy: { generation: "desc" }, take: 1, select: { generation: true, step: true } },
    },
  });
}

/** The resume, resize, restore, domains or upgrade step the store's latest request wrote, if it wrote one. */
function latestStep(store: StoreRow): string | null {
  return store.events[0]?.generation === store.generation ? store.events[0].step : null;
}

/**
 * Which request a pass serves. A settled store's pass only checks that it still is; a store that
 * had converged on its request and is no longer settled (nothing new was asked) is being repaired,
 * across as many passes as that takes.
 */
export function modeOf(store: StoreRow): Mode {
  const desired = store.desiredState as Desired;
  if (isSettled({ ...store, desiredState: desired })) return "resync";
  if (store.generation === store.observedGeneration) return "repair";
  if (desired === "absent") return "delete";
  const latest = latestStep(store);
  // A store made from a backup (a clone, an undone delete) is provisioned around its restore.
  if (latest === "restore" && !store.readyAt) return "provision";
  if (latest === "resize" || latest === "restore" || latest === "domains" || latest === "upgrade") return latest;
  if (desired === "suspended") return "suspend";
  // The first pass of a resume moves the phase on to Provisioning; the timeline remembers it.
  const resuming = ["Suspended", "Suspending"].includes(store.phase) || latest === "resume";
  return store.readyAt && resuming ? "resume" : "provision";
}

/** `onLoaded` learns the store's slug before anything is observed (to notice events during the pass). */
export async function reconcileStore(deps: ReconcileDeps, storeId: string, signal: AbortSignal, onLoaded?: (slug: string) => void): Promise<PassResult> {
  const store = await loadStore(storeId);
  if (!store || store.deletedAt) return { outcome: "gone", requeueMs: deps.fullPassMs };
  onLoaded?.(store.slug);
  return new StorePass(deps, store, signal).run();
}

/** The state of one pass over one store; the handlers (./handlers.ts) act through it. */
export class StorePass {
  readonly desired: Desired;
  readonly mode: Mode;
  readonly names;
  readonly url: string;
  readonly timeline: Timeline;
  readonly log: Logger;
  values: Record<string, unknown> = {};
  /** The fleet version the store runs (set by start() for a present or suspended store). */
  version!: LoadedVersion;
  desiredDigest = "";
  /** The MariaDB claim size the values ask for. */
  claimSize = "";
  repairing = false;
  view: WorkloadView | null = null;
  release: ReleaseInfo | null = null;

  constructor(
    readonly deps: ReconcileDeps,
    readonly store: StoreRow,
    readonly signal: AbortSignal,
  ) {
    this.desired = store.desiredState as Desired;
    this.mode = modeOf(store);
    this.names = storeObjects(store.slug);
    this.url = storeUrl(store.slug, deps.settings);
    this.timeline = new Timeline(store.id, store.generation, deps.workerId);
    this.log = deps.log.child({ storeId: store.id, slug: store.slug, generation: store.generation });
    this.repairing = this.mode === "repair";
  }

  /** A status write fenced on the lease. */
  set(data: Parameters<typeof updateOwned>[2]): Promise<void> {
    return updateOwned(this.store.id, this.deps.workerId, data);
  }

  async run(): Promise<PassResult> {
    try {
      await this.start();
      for (let round = 0; round < 20; round++) {
        if (this.signal.aborted) throw new Aborted();
        const action = await this.nextAction();
        const handled: Handled = await HANDLERS[action.type](this, action as never);
        if (handled.kind === "settled") return await this.settle();
        if (handled.kind === "wait") return { outcome: "waiting", requeueMs: handled.requeueMs };
      }
      throw new Error("no convergence after 20 actions");
    } catch (error) {
      return this.failed(error);
    }
  }

  /** What the store should run: its chart values and their digest. */
  private async computeValues(): Promise<void> {
    const spec = storeSpec({ ...this.store, extraHosts: this.store.domains.map((d) => d.host) }, this.store.owner.email, this.desired);
    ({ values: this.values, digest: this.desiredDigest } = desiredRelease(spec, this.deps.settings, this.version));
    this.claimSize = mariadbClaimSize(this.values);
  }

  /** The restore Job ended: WordPress may start again, with a fresh deadline for becoming ready. */
  async endRestore(): Promise<void> {
    const data = { restoreBackupId: null, progressDeadline: null, progressKey: null };
    await this.set(data);
    Object.assign(this.store, data);
    await this.computeValues();
  }

  /** Records what growing the volumes found (lib/worker/handlers.ts) and recomputes the values from it. */
  async changeVolumes(data: { volumeStorage?: string; volumeNote?: string }): Promise<void> {
    await this.set(data);
    Object.assign(this.store, data);
    await this.computeValues();
  }

  /** Computes what the store should run, and says what is happening before the long part. */
  private async start(): Promise<void> {
    if (this.desired !== "absent") {
      this.version = await this.deps.versions.of(await this.versionId());
      await this.computeValues();
    }
    if (this.mode === "resync" || this.mode === "repair") return;
    const phase = WORKING_PHASE[this.desired];
    const message = this.mode === "provision" ? "Provisioning the store" : STEP_TEXT[this.mode][0];
    if (this.store.phase !== phase || this.store.statusMessage !== message) await this.set({ phase, statusMessage: message });
    if (this.mode !== "provision") await this.timeline.begin(this.mode, STEP_TEXT[this.mode][0]);
  }

  /** The store's version; one without (new, or made before versions were recorded) takes the newest. */
  private async versionId(): Promise<string> {
    if (this.store.versionId) return this.store.versionId;
    const newest = (await newestVersionId())!; // this worker recorded its own at its start
    await this.set({ versionId: newest });
    this.store.versionId = newest;
    return newest;
  }

  /** Observes the store (watch cache, plus Helm's records with one API call) and decides. */
  private async nextAction(): Promise<Action> {
    const snap = this.deps.cache.snapshot(this.names.namespace);
    const readable = snap.namespace && !snap.namespace.terminating;
    const release = readable ? releaseInfo(await releaseHistory(this.deps.kube, this.store.slug), Date.now()) : null;
    const present = this.desired !== "absent";
    const { world, view } = observe(snap, this.store, this.store.appliedState as OwnedState | null, release, present ? this.claimSize : null);
    this.view = view;
    this.release = world.release;
    const backupInFlight = !present && (await backupsInFlight(this.store.id)) > 0;
    const growTo = present ? storageToGrow(this.store, this.deps.settings.STORE_SIZES) : null;
    const restoring = this.desired === "present" && this.store.restoreBackupId !== null;
    const action = decide({ desired: this.desired, desiredDigest: this.desiredDigest, appliedDigest: this.store.appliedDigest, observed: world, staleLockMs: this.deps.staleLockMs, growTo, backupInFlight, restoring });
    this.log.debug("decided", { action: action.type, namespace: world.namespace, release: world.release?.status ?? null });
    if (this.mode === "resync" && action.type !== "in-sync" && !this.repairing) await this.beginRepair(action);
    if (this.mode === "provision" || this.repairing) await recordProgress(this.timeline, world.namespace === "ours", view, this.url);
    return action;
  }

  /** A settled store is off: say what was found, then converge like a create. */
  private async beginRepair(action: Action): Promise<void> {
    this.repairing = true;
    const found = finding(action, this.names.namespace);
    this.log.warn("found the store out of sync", { found, action: action.type });
    await this.set({ phase: WORKING_PHASE[this.desired], statusMessage: `Repairing: ${found}` });
    await this.timeline.begin("repair", `Found: ${found}. Repairing.`);
  }

  private async settle(): Promise<PassResult> {
    const { memory, log } = this.deps;
    memory.outages.delete(this.store.id);
    memory.problems.delete(this.store.id);
    const common = { observedGeneration: this.store.generation, failureCount: 0, failureReason: null, statusHint: null, progressDeadline: null, progressKey: null };
    const phase = SETTLED_PHASE[this.desired];
    if (this.desired === "absent") {
      await this.timeline.succeed("delete", STEP_TEXT.delete[1]);
      await this.set({ ...common, phase, statusMessage: "Store deleted", deletedAt: new Date() });
    } else {
      for (const step of this.finishedSteps()) await this.timeline.succeed(step, this.doneText(step));
      const statusMessage = this.desired === "suspended" ? "Store suspended; data kept" : `Store is ready at ${this.url}`;
      const readyAt = this.store.phase === "Ready" && this.store.readyAt ? this.store.readyAt : new Date();
      await this.set({ ...common, phase, statusMessage, ...(this.desired === "present" ? { readyAt } : {}) });
    }
    if (this.mode !== "resync" || this.repairing) log.info("store in sync", { phase, mode: this.mode, repaired: this.repairing });
    return { outcome: "in-sync", requeueMs: this.deps.fullPassMs };
  }

  private finishedSteps(): FinishedStep[] {
    const steps: FinishedStep[] = [];
    if (this.repairing) steps.push("repair");
    if (this.desired === "suspended" && this.mode !== "resize" && this.mode !== "domains" && this.mode !== "upgrade") steps.push("suspend");
    if (this.mode === "resume" || this.mode === "resize" || this.mode === "restore" || this.mode === "domains" || this.mode === "upgrade") steps.push(this.mode);
    else if (this.mode === "provision" && latestStep(this.store) === "restore") steps.push("restore");
    if (this.desired === "present" && (this.mode === "provision" || this.mode === "resume")) steps.push("ready");
    return steps;
  }

  private doneText(step: FinishedStep): string {
    if (step === "ready") return `Store is ready at ${this.url}`;
    if (step === "resize") return resizedText(this.store, this.deps.settings.STORE_SIZES);
    if (step === "upgrade") return `Store runs ${this.version.label}`;
    return STEP_TEXT[step][1];
  }

  private async failed(error: unknown): Promise<PassResult> {
    if (error instanceof LeaseLostError) {
      this.log.warn("lease lost; abandoning the pass");
      return { outcome: "lease-lost", requeueMs: 0 };
    }
    if (error instanceof Aborted || this.signal.aborted) {
      // The intent changed mid-pass (or we are shutting down): end the running steps of the old
      // request honestly and let the next pass start the new one.
      await this.timeline.failRunning("Interrupted: the store's request changed or the worker stopped").catch(() => {});
      return { outcome: "aborted", requeueMs: 0 };
    }
    try {
      return await applyFailure(this, error);
    } catch (inner) {
      if (inner instanceof LeaseLostError) return { outcome: "lease-lost", requeueMs: 0 };
      throw inner;
    }
  }
}

/** What a settled store's next action says about what went wrong, in plain language. */
function finding(action: Action, namespace: string): string {
  switch (action.type) {
    case "create-namespace":
      return `namespace ${namespace} was missing`;
    case "wait-namespace-gone":
      return `namespace ${namespace} is being deleted outside Storefleet`;
    case "refuse-foreign-namespace":
      return `namespace ${namespace} belongs to something else`;
    case "install":
      return action.drift ?? (action.why === "release absent" ? "the Helm release was missing" : `the release needs applying (${action.why})`);
    case "unlock":
    case "wait-lock":
      return "a Helm operation was left in progress";
    case "wait-scaled-down":
      return "the store's pods were running";
    case "grow-volumes":
      return "its volumes were smaller than its size asks";
    case "expand-claim":
      return "the MariaDB volume was smaller than its StatefulSet asks";
    default:
      return "the store was not serving (pods not ready)";
  }
}

/** The resize step's outcome: the size now applied, and why the volumes stayed, if they did. */
function resizedText(store: StoreRow, sizes: PlatformSettings["STORE_SIZES"]): string {
  const p = sizes[store.size]!; // the values were computed from it
  const done = `Store resized to ${p.label} (${p.cpu} CPU, ${p.memory} memory, ${p.storage} storage)`;
  return store.volumeNote ? `${done}. ${store.volumeNote}` : done;
}
