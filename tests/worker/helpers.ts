// Helpers for the worker tests: stores created straight in the database, workers run in-process
// (fast tunables) or as child processes (`npx tsx lib/worker/main.ts`), and waits on store rows.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { backupConfig, backupKeys } from "@/lib/backups/config";
import { parseEnv } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { createHelm } from "@/lib/helm/cli";
import { createKube } from "@/lib/kube/client";
import { loadBaseValues } from "@/lib/worker/base-values";
import { namespaceGrants } from "@/lib/worker/grants";
import { resolveRouteMode } from "@/lib/worker/route-mode";
import { createLogger } from "@/lib/worker/log";
import { backupRunnerOptions, restoreSettings } from "@/lib/worker/backups";
import type { PlatformSettings } from "@/lib/worker/values";
import { notifyStoreChanged } from "@/lib/stores/notify";

export { notifyStoreChanged };
import { Worker } from "@/lib/worker/worker";
import { afterAll, afterEach, beforeAll } from "vitest";
import { resetDatabase } from "../support/db";
import { core, kc, run, waitFor } from "../support/kube";

export { core, run, waitFor };

// Tiny presets: 20 stores fit the 3 simulated nodes, and the requests stay far below quota.
export const TEST_SIZES = {
  tiny: { label: "Tiny", cpu: "400m", memory: "512Mi", storage: "2Gi" },
  small: { label: "Small", cpu: "1", memory: "1Gi", storage: "5Gi" },
  broken: { label: "Broken", cpu: "1", memory: "1Gi", storage: "0Gi" },
  // Requests more CPU than any simulated node (8 CPU) has: the scheduler can place no pod.
  huge: { label: "Huge", cpu: "100", memory: "1Gi", storage: "5Gi" },
};

/** How the test cluster routes stores, as the worker decides it at its start ("auto"): the local
 * test ground has the Gateway API and, with its real node, the Gateway; a cluster named by
 * KUBECONFIG may have neither. */
const defaults = parseEnv({ DATABASE_URL: "postgresql://unused@localhost/unused", AUTH_SECRET: "x".repeat(32) });
export const testRouteMode = await resolveRouteMode(createKube(kc), "auto", { name: defaults.GATEWAY_NAME, namespace: defaults.GATEWAY_NAMESPACE });

/** The backup runner's tick in tests: results show within a second. */
const BACKUP_TEST_TICK_MS = 500;

export const testEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  STORE_SIZES: JSON.stringify(TEST_SIZES),
  WORKER_LEASE_SECONDS: "5",
  WORKER_RESYNC_SECONDS: "5",
  WORKER_METRICS_PORT: "0",
  STORE_READY_TIMEOUT_SECONDS: "60",
  WORKER_CONCURRENCY: "4",
  // No store of the simulated cluster serves pages: health checks are tested against a real
  // HTTP server (tests/integration/store-health.test.ts) and real stores (e2e/realstore).
  HEALTH_CHECK_INTERVAL_SECONDS: "0",
  ...extra,
});

export function slug(name: string): string {
  return `${name}-${randomBytes(3).toString("hex")}`.slice(0, 30);
}

/** A store as the portal records it; `hold` keeps workers away until notifyStoreChanged. */
export async function createStore(name: string, size = "tiny", hold = false, sampleProducts = false) {
  const owner = await db().user.create({ data: { email: `${slug(name)}@example.test`, name: "Owner", storeQuota: 100 } });
  const store = await db().store.create({
    data: { slug: slug(name), displayName: `Shop ${name}`, size, sampleProducts, ownerId: owner.id, ...(hold ? { nextReconcileAt: new Date(Date.now() + 3600_000) } : {}) },
  });
  if (!hold) await notifyStoreChanged(store.id);
  return store;
}

/** Records a new intent the way the portal does: bump the generation, then notify. */
export async function requestChange(id: string, data: { desiredState?: "present" | "suspended" | "absent"; size?: string; restoreBackupId?: string }) {
  await db().store.update({ where: { id }, data: { ...data, generation: { increment: 1 } } });
  await notifyStoreChanged(id);
}

/** Records a resize the way lib/stores/service.ts#resizeStore does: the new size (the volumes'
 * storage kept as it was), a new generation, and the request's running resize step. */
export async function requestResize(id: string, size: string) {
  const before = await db().store.findUniqueOrThrow({ where: { id } });
  const volumeStorage = before.volumeStorage ?? TEST_SIZES[before.size as keyof typeof TEST_SIZES].storage;
  const store = await db().store.update({ where: { id }, data: { size, volumeStorage, volumeNote: null, generation: { increment: 1 } } });
  await db().storeEvent.create({ data: { storeId: id, generation: store.generation, step: "resize", state: "running", message: `Resizing to ${size}` } });
  await notifyStoreChanged(id);
  return store;
}

export function waitStore(id: string, what: string, ok: (s: NonNullable<Awaited<ReturnType<typeof loadStore>>>) => boolean, timeoutMs = 120_000) {
  return waitFor(`store ${what}`, async () => {
    const s = await loadStore(id);
    return s && ok(s) ? s : undefined;
  }, timeoutMs);
}

export const loadStore = (id: string) => db().store.findUnique({ where: { id } });

/** The platform settings a test worker runs with, as lib/worker/main.ts makes them. */
export function testSettings(extra: Record<string, string> = {}): PlatformSettings {
  const e = parseEnv(testEnv(extra));
  return {
    ...e,
    routeMode: e.STORE_ROUTE_MODE === "auto" ? testRouteMode : e.STORE_ROUTE_MODE,
    baseValues: e.STORE_BASE_VALUES_FILE ? loadBaseValues(e.STORE_BASE_VALUES_FILE) : undefined,
    backupEgress: backupConfig(e)?.egress,
  };
}

export function startWorker(extra: Record<string, string> = {}, lines?: string[], kubeConfig = kc, kubeconfigFile?: string) {
  const e = parseEnv(testEnv(extra));
  const kube = createKube(kubeConfig);
  // Backups as lib/worker/main.ts configures them (on when the test ground's S3 server runs).
  const backup = backupConfig(e);
  const settings = testSettings(extra);
  const worker = new Worker({
    ...(backup ? { backups: backupRunnerOptions(backup, backupKeys(e), kube, settings, BACKUP_TEST_TICK_MS) } : {}),
    rolloutTickMs: 250,
    databaseUrl: e.DATABASE_URL,
    concurrency: e.WORKER_CONCURRENCY,
    leaseSeconds: e.WORKER_LEASE_SECONDS,
    pollMs: 250,
    resyncMs: e.WORKER_RESYNC_SECONDS * 1000,
    heartbeatMs: 1_000,
    shutdownGraceMs: 10_000,
    log: createLogger({ component: "test-worker" }, (l) => {
      lines?.push(l);
      if (process.env.WORKER_TEST_LOG) process.stderr.write(l + "\n");
    }),
    deps: {
      kube,
      helm: createHelm(e.HELM_BIN, kubeconfigFile ? { ...process.env, KUBECONFIG: kubeconfigFile } : process.env),
      settings,
      restore: backup ? restoreSettings(backup, backupKeys(e)) : undefined,
      chartPath: e.STORE_CHART_PATH,
      helmTimeoutSeconds: e.HELM_TIMEOUT_SECONDS,
      readyTimeoutMs: e.STORE_READY_TIMEOUT_SECONDS * 1000,
      podSecurityLevel: "restricted",
      namespaceGrants: namespaceGrants(e),
      staleLockMs: e.WORKER_LEASE_SECONDS * 1000,
      failFastMs: 10_000,
      limits: { maxAttempts: 3, backoff: { baseMs: 500, capMs: 5_000 } },
      fullPassMs: e.WORKER_RESYNC_SECONDS * 1000,
    },
  });
  return worker;
}

export interface Child {
  proc: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

/** A worker child process in its own process group, so a SIGKILL takes its helm children too. */
export function spawnWorker(extra: Record<string, string> = {}): Child {
  // The bundle the image runs (built by tests/support/worker-bundle.global.ts), started by node
  // itself: the child is the worker, so its exit code after SIGTERM is the worker's.
  const proc = spawn(process.execPath, ["dist/worker.mjs"], { env: testEnv(extra), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let buf = "";
  proc.stdout!.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  });
  proc.stderr!.on("data", (d: Buffer) => lines.push(JSON.stringify({ stderr: d.toString() })));
  const exited = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
  return { proc, lines, exited };
}

export function killGroup(child: Child, signal: NodeJS.Signals) {
  try {
    process.kill(-child.proc.pid!, signal);
  } catch {
    /* already gone */
  }
}

export const parsed = (lines: string[]) =>
  lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

export async function events(storeId: string) {
  return db().storeEvent.findMany({ where: { storeId }, orderBy: { startedAt: "asc" } });
}

export async function namespaceGone(slugName: string) {
  try {
    await core.readNamespace({ name: `store-${slugName}` });
    return false;
  } catch (e) {
    return (e as { code?: number }).code === 404;
  }
}

/** Best-effort removal of every namespace the worker tests created. */
export async function cleanupNamespaces() {
  const list = await core.listNamespace({ labelSelector: "app.kubernetes.io/managed-by=storefleet" });
  await Promise.all(list.items.map((n) => core.deleteNamespace({ name: n.metadata!.name! }).catch(() => {})));
}

/** One in-process worker for a whole test file, on a fresh database; namespaces cleaned after. */
/** Log lines a failed test prints: enough to see what the worker did while the test waited. */
const FAILURE_LOG_LINES = 120;

export function useWorkerForFile(extra: Record<string, string> = {}): void {
  const lines: string[] = [];
  const worker = startWorker(extra, lines);
  beforeAll(async () => {
    await resetDatabase();
    await worker.start();
  });
  // The worker's log is silent unless WORKER_TEST_LOG=1; a failed test shows its end.
  afterEach(({ task }) => {
    if (task.result?.state === "fail") {
      process.stderr.write(`--- worker log, last ${FAILURE_LOG_LINES} lines, for "${task.name}" ---\n${lines.slice(-FAILURE_LOG_LINES).map((l) => l.slice(0, 600)).join("\n")}\n`);
    }
    lines.length = 0;
  });
  afterAll(async () => {
    await worker.stop();
    await cleanupNamespaces();
  });
}
