// Platform status for /api/health and the admin status page: the database, the cluster, the
// provisioning workers' heartbeats and how many stores are in each phase.
import * as k8s from "@kubernetes/client-node";
import { db } from "@/lib/db/client";
import { loadKubeConfig } from "@/lib/kube/client";
import { STORE_PHASES } from "@/lib/stores/lifecycle";

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface WorkerView {
  id: string;
  hostname: string;
  startedAt: string;
  lastSeenAt: string;
  activeCount: number;
}

/** A worker refreshes its heartbeat every ~10 s; one silent for longer than this is gone. */
const WORKER_SILENCE_MS = 45_000;
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

export async function checkDatabase(): Promise<CheckResult> {
  try {
    await withTimeout(db().$queryRaw`SELECT 1`, "PostgreSQL");
    return { ok: true, detail: "reachable" };
  } catch (error) {
    return { ok: false, detail: `unreachable: ${firstLine(error)}` };
  }
}

export async function checkCluster(): Promise<CheckResult> {
  try {
    const version = await withTimeout(loadKubeConfig().makeApiClient(k8s.VersionApi).getCode(), "The Kubernetes API");
    return { ok: true, detail: `reachable, Kubernetes ${version.gitVersion}` };
  } catch (error) {
    return { ok: false, detail: `unreachable: ${firstLine(error)}` };
  }
}

async function liveWorkers(): Promise<WorkerView[]> {
  const rows = await db().workerHeartbeat.findMany({
    where: { lastSeenAt: { gte: new Date(Date.now() - WORKER_SILENCE_MS) } },
    orderBy: { startedAt: "asc" },
  });
  return rows.map((w) => ({ ...w, startedAt: w.startedAt.toISOString(), lastSeenAt: w.lastSeenAt.toISOString() }));
}

export interface PlatformHealth {
  /** The portal can serve: its database answers. */
  ok: boolean;
  checks: { database: CheckResult; cluster: CheckResult; worker: CheckResult };
}

export async function platformHealth(): Promise<PlatformHealth> {
  const [database, cluster] = await Promise.all([checkDatabase(), checkCluster()]);
  let worker: CheckResult = { ok: false, detail: "unknown: the database is unreachable" };
  if (database.ok) {
    const workers = await liveWorkers();
    worker = workers.length ? { ok: true, detail: `${workers.length} running` } : { ok: false, detail: "no worker has reported in the last 45 s" };
  }
  return { ok: database.ok, checks: { database, cluster, worker } };
}

export interface PlatformStatus extends PlatformHealth {
  storesByPhase: Record<(typeof STORE_PHASES)[number], number>;
  workers: WorkerView[];
}

export async function platformStatus(): Promise<PlatformStatus> {
  const health = await platformHealth();
  const storesByPhase = Object.fromEntries(STORE_PHASES.map((p) => [p, 0])) as PlatformStatus["storesByPhase"];
  if (!health.checks.database.ok) return { ...health, storesByPhase, workers: [] };
  const [groups, workers] = await Promise.all([db().store.groupBy({ by: ["phase"], _count: { _all: true } }), liveWorkers()]);
  for (const g of groups) storesByPhase[g.phase] = g._count._all;
  return { ...health, storesByPhase, workers };
}
