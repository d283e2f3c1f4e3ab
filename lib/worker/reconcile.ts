// One reconcile pass over one leased store: observe → decide → act, repeated until the store is
// in sync, must wait for something outside (a live Helm lock), or fails. Level-triggered: each
// round re-reads the world, so a pass interrupted at any line is simply re-run by the next owner.
import { db } from "@/lib/db/client";
import { HelmError, type Helm } from "@/lib/helm/cli";
import type { Kube } from "@/lib/kube/client";
import {
  deleteNamespace, dropReleaseRevision, ensureNamespace, namespaceState, namespaceWatchPaths,
  observeWorkloads, warningEvents, workloadWatchPaths, type PortalAccess, type WorkloadView,
} from "@/lib/kube/store-objects";
import { waitWithWatches } from "@/lib/kube/watch";
import { storeNamespace, storeUrl } from "@/lib/stores/naming";
import { backoffDelay, type BackoffPolicy } from "./backoff";
import { classifyError, classifyHelmError, classifyWorkloads, UNREACHABLE_MESSAGE, type Failure } from "./classify";
import type { Clock } from "./clock";
import { decide, type Action, type Desired, type Observed, type ReleaseInfo } from "./decide";
import { releaseDigest } from "./digest";
import { LeaseLostError, updateOwned } from "./leases";
import type { Logger } from "./log";
import { PROVISION_STEPS, Timeline, type Step } from "./timeline";
import { chartValues, UnknownSizeError, type PlatformSettings } from "./values";

export interface ReconcileDeps {
  kube: Kube;
  helm: Helm;
  settings: PlatformSettings;
  chartPath: string;
  helmTimeoutSeconds: number;
  readyTimeoutMs: number;
  podSecurityLevel: "restricted" | "baseline";
  /** When the portal runs in the cluster: bind its credentials reader role in each store namespace. */
  portalAccess?: PortalAccess;
  workerId: string;
  clock: Clock;
  log: Logger;
  /** A pending-* Helm release older than this is abandoned (default: the lease length). */
  staleLockMs: number;
  /** A pod problem (image pull, crash loop...) must persist this long to fail the pass. */
  failFastMs: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  resyncMs: number;
  onFailure?: (reason: string) => void;
}

export interface PassResult {
  outcome: "in-sync" | "waiting" | "failed" | "retrying" | "unreachable" | "aborted" | "lease-lost" | "gone";
  requeueMs: number;
}

class StoreFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}
class Aborted extends Error {}

const STEP_TEXT: Record<Step, [string, string]> = {
  namespace: ["Creating the store's namespace", "Namespace created"],
  secrets: ["Generating the store's credentials", "Credentials stored in a Kubernetes Secret"],
  database: ["Starting the MariaDB database", "Database is running"],
  wordpress: ["Installing WordPress", "WordPress is installed"],
  bootstrap: ["Installing and configuring WooCommerce", "WooCommerce is installed and configured"],
  ingress: ["Publishing the store's address", "Store address is routed"],
  ready: ["Waiting for the store to serve traffic", "Store is ready"],
  suspend: ["Suspending the store (data is kept)", "Store suspended; its data volumes are kept"],
  resume: ["Resuming the store", "Store resumed"],
  delete: ["Deleting the store and all its data", "Store deleted: namespace and volumes removed"],
  repair: ["Repairing the store", "Store repaired"],
};

// Per-process count of consecutive "API unreachable" passes per store, for their backoff. It is
// deliberately not failureCount: an outage is not the store's fault and must never make it Failed.
const unreachableAttempts = new Map<string, number>();

export async function reconcileStore(deps: ReconcileDeps, storeId: string, signal: AbortSignal): Promise<PassResult> {
  const { log: baseLog, workerId } = deps;
  const store = await db().store.findUnique({ where: { id: storeId }, include: { owner: { select: { email: true } } } });
  if (!store || store.deletedAt) return { outcome: "gone", requeueMs: deps.resyncMs };
  const log = baseLog.child({ storeId, slug: store.slug, generation: store.generation });
  const timeline = new Timeline(store.id, store.generation);
  const desired = store.desiredState as Desired;
  const url = storeUrl(store.slug, deps.settings);
  const set = (data: Parameters<typeof updateOwned>[2]) => updateOwned(store.id, workerId, data);

  const settledPhase = desired === "present" ? "Ready" : desired === "suspended" ? "Suspended" : "Deleted";
  const isResync = store.generation === store.observedGeneration && store.phase === settledPhase;
  const mode: "provision" | "resume" | "suspend" | "delete" | "resync" =
    isResync ? "resync"
    : desired === "absent" ? "delete"
    : desired === "suspended" ? "suspend"
    : store.readyAt && ["Suspended", "Suspending"].includes(store.phase) ? "resume"
    : "provision";
  let repairing = false;
  // A problem seen in the pods must persist for failFastMs before the pass gives up on it, so
  // a single transient ErrImagePull does not fail a store that would have recovered.
  let problemSince: { reason: string; at: number } | null = null;

  try {
    let desiredDigest = "";
    let values: Record<string, unknown> = {};
    if (desired !== "absent") {
      values = chartValues(
        { slug: store.slug, displayName: store.displayName, size: store.size, ownerEmail: store.owner.email, suspended: desired === "suspended" },
        deps.settings,
      );
      desiredDigest = await releaseDigest(deps.chartPath, values);
    }

    // Say what is happening before the long part, so the owner sees progress at once.
    if (mode !== "resync") {
      const phase = mode === "delete" ? "Deleting" : mode === "suspend" ? "Suspending" : "Provisioning";
      const message = mode === "provision" ? "Provisioning the store" : STEP_TEXT[mode][0];
      if (store.phase !== phase || store.statusMessage !== message) await set({ phase, statusMessage: message });
      if (mode !== "provision") await timeline.begin(mode, STEP_TEXT[mode][0]);
    }

    for (let round = 0; round < 30; round++) {
      if (signal.aborted) throw new Aborted();
      const observed = await observe(deps, store.slug, desired);
      const action = decide({ desired, desiredDigest, appliedDigest: store.appliedDigest, observed: observed.world, staleLockMs: deps.staleLockMs });
      log.debug("decided", { action: action.type, namespace: observed.world.namespace, release: observed.world.release?.status ?? null });

      if (mode === "provision" || repairing) await recordProgress(timeline, observed.world, observed.view, url);

      if (mode === "resync" && action.type !== "in-sync" && !repairing) {
        // Drift: the world no longer matches a settled store (someone deleted the namespace,
        // the release, or a workload). Say what was found, then converge like a create.
        repairing = true;
        const found = describeDrift(store.slug, observed.world, action);
        log.warn("drift found", { found, action: action.type });
        await set({ phase: desired === "suspended" ? "Suspending" : "Provisioning", statusMessage: `Repairing: ${found}` });
        await timeline.note("repair", `Found: ${found}. Repairing.`, "running");
      }

      switch (action.type) {
        case "in-sync":
          return await settle();
        case "wait-lock":
          // Another helm process may still hold the release; look again shortly.
          await set({ statusMessage: "Waiting for a Helm operation in progress to finish" });
          return { outcome: "waiting", requeueMs: 2_000 };
        case "create-namespace":
          await timeline.begin("namespace", STEP_TEXT.namespace[0]);
          await ensureNamespace(deps.kube, store.slug, { storeId: store.id, ownerId: store.ownerId, podSecurityLevel: deps.podSecurityLevel }, deps.portalAccess);
          break;
        case "wait-namespace-gone":
          await waitFor("namespace removal", namespaceWatchPaths(store.slug), async () => ((await namespaceState(deps.kube, store.slug)) === "absent" ? true : undefined));
          break;
        case "unlock": {
          const rel = observed.world.release!;
          log.warn("unlocking abandoned release", { status: rel.status, revision: rel.revision, ageMs: rel.ageMs });
          await dropReleaseRevision(deps.kube, store.slug, rel.revision);
          await timeline.note("repair", `Recovered an interrupted Helm operation: revision ${rel.revision} was left ${rel.status}`);
          break;
        }
        case "reset-release":
          // The first install failed: nothing was ever deployed, so removing it loses no data.
          await deps.helm.uninstall(store.slug, storeNamespace(store.slug), deps.helmTimeoutSeconds);
          break;
        case "install":
          if (mode === "provision") await timeline.begin("secrets", STEP_TEXT.secrets[0]);
          log.info("helm upgrade --install", { why: action.why, suspended: desired === "suspended" });
          await deps.helm.upgradeInstall(store.slug, deps.chartPath, storeNamespace(store.slug), values, deps.helmTimeoutSeconds);
          await set({ appliedDigest: desiredDigest });
          store.appliedDigest = desiredDigest;
          break;
        case "wait-ready":
          await waitFor("the store to become ready", workloadWatchPaths(store.slug), async () => {
            const view = await observeWorkloads(deps.kube, store.slug);
            if (mode === "provision" || repairing) await recordProgress(timeline, { ...observed.world, namespace: "active" }, view, url);
            if (view.ready) return true;
            await checkHealth(view);
            return undefined;
          });
          break;
        case "wait-scaled-down":
          await waitFor("the store's pods to stop", workloadWatchPaths(store.slug), async () => ((await observeWorkloads(deps.kube, store.slug)).scaledDown ? true : undefined));
          break;
        case "uninstall":
          await deps.helm.uninstall(store.slug, storeNamespace(store.slug), deps.helmTimeoutSeconds);
          break;
        case "delete-namespace":
          await deleteNamespace(deps.kube, store.slug);
          break;
      }
    }
    throw new Error("no convergence after 30 actions");
  } catch (error) {
    return await handleError(error);
  }

  async function settle(): Promise<PassResult> {
    unreachableAttempts.delete(store!.id);
    const now = deps.clock.now();
    const common = { observedGeneration: store!.generation, failureCount: 0, failureReason: null, statusHint: null };
    if (desired === "absent") {
      await timeline.succeed("delete", STEP_TEXT.delete[1]);
      await set({ ...common, phase: "Deleted", statusMessage: "Store deleted", deletedAt: now });
    } else if (desired === "suspended") {
      if (repairing) await timeline.succeed("repair", STEP_TEXT.repair[1]);
      await timeline.succeed("suspend", STEP_TEXT.suspend[1]);
      await set({ ...common, phase: "Suspended", statusMessage: "Store suspended; data kept" });
    } else {
      if (mode === "resume") await timeline.succeed("resume", STEP_TEXT.resume[1]);
      if (repairing) await timeline.succeed("repair", STEP_TEXT.repair[1]);
      if (mode === "provision" || mode === "resume") await timeline.succeed("ready", `Store is ready at ${url}`);
      await set({ ...common, phase: "Ready", statusMessage: `Store is ready at ${url}`, readyAt: store!.phase === "Ready" && store!.readyAt ? store!.readyAt : now });
    }
    if (mode !== "resync" || repairing) log.info("store in sync", { phase: settledPhase, mode, repaired: repairing });
    return { outcome: "in-sync", requeueMs: deps.resyncMs };
  }

  async function waitFor(what: string, targets: ReturnType<typeof workloadWatchPaths>, check: () => Promise<true | undefined>) {
    const r = await waitWithWatches(deps.kube, targets, check, { timeoutMs: deps.readyTimeoutMs, signal });
    if (r.ok) return;
    if (r.why === "aborted") throw new Aborted();
    // Timed out: say why if the pods or events tell, else a plain timeout.
    const diag = await diagnose();
    throw new StoreFailure(
      diag ?? { reason: "timeout", message: `Timed out after ${Math.round(deps.readyTimeoutMs / 1000)} s waiting for ${what}`, hint: "The platform retries automatically.", permanent: false },
    );
  }

  async function checkHealth(view: WorkloadView): Promise<void> {
    const events = await warningEvents(deps.kube, store!.slug);
    const problem = classifyWorkloads(view.pods, events);
    if (!problem) {
      problemSince = null;
      return;
    }
    const now = deps.clock.now().getTime();
    if (!problemSince || problemSince.reason !== problem.reason) problemSince = { reason: problem.reason, at: now };
    if (now - problemSince.at >= deps.failFastMs) throw new StoreFailure(problem);
  }

  async function diagnose(): Promise<Failure | null> {
    if ((await namespaceState(deps.kube, store!.slug)) !== "active") return null;
    const [view, events] = await Promise.all([observeWorkloads(deps.kube, store!.slug), warningEvents(deps.kube, store!.slug)]);
    return classifyWorkloads(view.pods, events);
  }

  async function handleError(error: unknown): Promise<PassResult> {
    if (error instanceof LeaseLostError) {
      log.warn("lease lost; abandoning the pass");
      return { outcome: "lease-lost", requeueMs: 0 };
    }
    if (error instanceof Aborted || signal.aborted) {
      // The intent changed mid-pass (or we are shutting down): end the running steps of the old
      // request honestly and let the next pass start the new one.
      await timeline.failRunning("Interrupted: the store's request changed or the worker stopped").catch(() => {});
      return { outcome: "aborted", requeueMs: 0 };
    }
    const failure =
      error instanceof StoreFailure ? error.failure
      : error instanceof HelmError ? classifyHelmError(error.stderr)
      : error instanceof UnknownSizeError ? { reason: "invalid_values" as const, message: `invalid chart values: ${error.message}`, hint: "Choose a size the platform offers.", permanent: true }
      : classifyError(error);
    try {
      if (failure.reason === "cluster_unreachable") {
        const n = (unreachableAttempts.get(store!.id) ?? 0) + 1;
        unreachableAttempts.set(store!.id, n);
        const delay = backoffDelay(n, { baseMs: 1_000, capMs: Math.min(30_000, deps.backoff.capMs) });
        log.warn("kubernetes API unreachable; will retry", { attempt: n, retryInMs: delay, error: String((error as Error)?.message ?? error).slice(0, 300) });
        // Keep the phase: the store is not broken, the cluster is out of reach.
        await set({ statusMessage: UNREACHABLE_MESSAGE });
        return { outcome: "unreachable", requeueMs: delay };
      }
      deps.onFailure?.(failure.reason);
      const attempts = store!.failureCount + 1;
      if (failure.permanent || attempts >= deps.maxAttempts) {
        log.error("store failed", { reason: failure.reason, message: failure.message, attempts });
        await timeline.failRunning(failure.message);
        await set({
          phase: "Failed", failureReason: failure.reason, statusMessage: failure.message, statusHint: failure.hint,
          failureCount: attempts, observedGeneration: store!.generation,
        });
        return { outcome: "failed", requeueMs: deps.resyncMs };
      }
      const delay = backoffDelay(attempts, deps.backoff);
      log.warn("pass failed; will retry", { reason: failure.reason, message: failure.message, attempts, retryInMs: delay });
      await timeline.failRunning(`${failure.message} (attempt ${attempts} of ${deps.maxAttempts}; retrying)`);
      await set({
        failureCount: attempts, failureReason: failure.reason, statusHint: failure.hint,
        statusMessage: `${failure.message} (attempt ${attempts} of ${deps.maxAttempts}; retrying in ${Math.ceil(delay / 1000)} s)`,
      });
      return { outcome: "retrying", requeueMs: delay };
    } catch (inner) {
      if (inner instanceof LeaseLostError) return { outcome: "lease-lost", requeueMs: 0 };
      throw inner;
    }
  }
}

async function observe(deps: ReconcileDeps, slug: string, desired: Desired): Promise<{ world: Observed; view: WorkloadView | null }> {
  const namespace = await namespaceState(deps.kube, slug);
  let release: ReleaseInfo | null = null;
  let view: WorkloadView | null = null;
  if (namespace !== "absent") {
    const history = await deps.helm.history(slug, storeNamespace(slug));
    if (history && history.length > 0) {
      const latest = history.reduce((a, b) => (b.revision > a.revision ? b : a));
      release = {
        status: latest.status,
        revision: latest.revision,
        everDeployed: history.some((h) => h.status === "deployed" || h.status === "superseded"),
        ageMs: deps.clock.now().getTime() - parseHelmTime(latest.updated),
      };
    }
  }
  if (namespace === "active" && desired !== "absent") view = await observeWorkloads(deps.kube, slug);
  return {
    world: {
      namespace,
      release,
      workloadsPresent: view?.workloadsPresent ?? false,
      ready: view?.ready ?? false,
      scaledDown: view?.scaledDown ?? false,
      claims: view?.claims ?? 0,
    },
    view,
  };
}

/** Helm prints nanoseconds ("…:11.252824063Z" or "2026-11-26 14:01:57.02 +0000 UTC"); JS wants ms. */
export function parseHelmTime(s: string): number {
  const iso = s.replace(/^(\S+) (\S+) \+0000 UTC$/, "$1T$2Z").replace(/(\.\d{3})\d+/, "$1");
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

async function recordProgress(timeline: Timeline, world: Observed, view: WorkloadView | null, url: string): Promise<void> {
  const done: Record<string, boolean> = {
    namespace: world.namespace === "active",
    secrets: !!view?.steps.secrets,
    database: !!view?.steps.database,
    wordpress: !!view?.steps.wordpress,
    bootstrap: !!view?.steps.bootstrap,
    ingress: !!view?.steps.ingress,
    ready: !!view?.ready,
  };
  for (const step of PROVISION_STEPS) {
    if (step === "ready") break; // "ready" is finished by settle(), after the final check
    if (!done[step]) {
      // Only the first unfinished step is "running": the timeline reads top to bottom. The
      // namespace and secrets steps are started by the actions themselves.
      if (step !== "namespace" && step !== "secrets") await timeline.begin(step, STEP_TEXT[step][0]);
      return;
    }
    await timeline.succeed(step, step === "ingress" ? `Store address ${url} is routed` : STEP_TEXT[step][1]);
  }
  await timeline.begin("ready", STEP_TEXT.ready[0]);
}

function describeDrift(slug: string, o: Observed, action: Action): string {
  if (o.namespace === "absent") return `namespace ${storeNamespace(slug)} was missing`;
  if (o.namespace === "terminating") return `namespace ${storeNamespace(slug)} is being deleted outside Storefleet`;
  if (!o.release || o.release.status === "uninstalled") return "the Helm release was missing";
  if (o.release.status !== "deployed") return `the Helm release was ${o.release.status}`;
  if (!o.workloadsPresent) return "the WordPress Deployment or MariaDB StatefulSet was missing";
  if (action.type === "install") return "the applied chart or values were out of date";
  return "the store was not serving (pods not ready)";
}
