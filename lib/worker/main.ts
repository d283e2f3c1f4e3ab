// Entry point of the provisioning worker (`npm run worker`): a plain Node process, no Next.js.
import { backupConfig, backupKeys } from "@/lib/backups/config";
import { env } from "@/lib/config/env";
import { disconnectDb } from "@/lib/db/client";
import { createHelm } from "@/lib/helm/cli";
import { createKube } from "@/lib/kube/client";
import { defaultBackoff } from "./backoff";
import { backupRunnerOptions, restoreSettings } from "./backups";
import { loadBaseValues, loadChartDefaults } from "./base-values";
import { resolveRouteMode } from "./route-mode";
import { namespaceGrants } from "./grants";
import { createLogger } from "./log";
import { createMetrics } from "./metrics";
import { Worker } from "./worker";
import { probeStore } from "./health-probe";
import { storeUrl } from "@/lib/stores/naming";

const log = createLogger({ component: "worker" });

/** A settled store gets a full pass (which also reads Helm's records) every this many resyncs;
 * the resync in between compares it with the watch cache only. */
const FULL_PASS_EVERY_RESYNCS = 10;
/** How often a worker looks for running stores due for a health check. */
const HEALTH_TICK_MS = 5_000;
/** How often a worker moves the active rollout on (one step; any replica may). */
const ROLLOUT_TICK_MS = 3_000;

/** The chart documents the Pod Security level its pods pass; the namespace enforces exactly that. */
function chartPodSecurityLevel(chartPath: string): "restricted" | "baseline" {
  try {
    return loadChartDefaults(chartPath).podSecurityLevel === "baseline" ? "baseline" : "restricted";
  } catch {
    return "restricted";
  }
}

async function main() {
  const e = env();
  const metrics = createMetrics();
  const server = metrics.listen(e.WORKER_METRICS_PORT);
  const kube = createKube();
  const routeMode = await resolveRouteMode(kube, e.STORE_ROUTE_MODE, { name: e.GATEWAY_NAME, namespace: e.GATEWAY_NAMESPACE });
  log.info("stores are routed", { routeMode, configured: e.STORE_ROUTE_MODE });
  const backup = backupConfig(e);
  const settings = { ...e, routeMode, baseValues: e.STORE_BASE_VALUES_FILE ? loadBaseValues(e.STORE_BASE_VALUES_FILE) : undefined, backupEgress: backup?.egress };
  const worker = new Worker({
    ...(backup ? { backups: backupRunnerOptions(backup, backupKeys(e), kube, settings) } : {}),
    ...(e.HEALTH_CHECK_INTERVAL_SECONDS > 0
      ? {
          health: {
            tickMs: HEALTH_TICK_MS,
            intervalSeconds: e.HEALTH_CHECK_INTERVAL_SECONDS,
            urlOf: (slug: string) => storeUrl(slug, e),
            probe: (url: string) => probeStore(url, e.HEALTH_CHECK_CONNECT_TO),
          },
        }
      : {}),
    rolloutTickMs: ROLLOUT_TICK_MS,
    databaseUrl: e.DATABASE_URL,
    concurrency: e.WORKER_CONCURRENCY,
    leaseSeconds: e.WORKER_LEASE_SECONDS,
    pollMs: Math.min(2_000, (e.WORKER_LEASE_SECONDS * 1000) / 3),
    resyncMs: e.WORKER_RESYNC_SECONDS * 1000,
    heartbeatMs: 10_000,
    shutdownGraceMs: 30_000,
    log,
    metrics,
    deps: {
      kube,
      helm: createHelm(e.HELM_BIN),
      settings,
      restore: backup ? restoreSettings(backup, backupKeys(e)) : undefined,
      chartPath: e.STORE_CHART_PATH,
      helmTimeoutSeconds: e.HELM_TIMEOUT_SECONDS,
      readyTimeoutMs: e.STORE_READY_TIMEOUT_SECONDS * 1000,
      podSecurityLevel: chartPodSecurityLevel(e.STORE_CHART_PATH),
      namespaceGrants: namespaceGrants(e),
      staleLockMs: e.WORKER_LEASE_SECONDS * 1000,
      failFastMs: 60_000,
      limits: { maxAttempts: 5, backoff: defaultBackoff },
      fullPassMs: FULL_PASS_EVERY_RESYNCS * e.WORKER_RESYNC_SECONDS * 1000,
    },
  });
  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    log.info("signal received", { signal });
    void worker
      .stop()
      .then(async () => {
        server?.close();
        await disconnectDb();
        process.exit(0);
      })
      .catch((error) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // A stray rejection must not kill the process mid-pass: log it; leases and passes carry on.
  process.on("unhandledRejection", (error) => log.error("unhandled rejection", { error }));
  await worker.start();
}

main().catch((error) => {
  log.error("worker failed to start", { error });
  process.exit(1);
});
