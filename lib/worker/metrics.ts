// Prometheus metrics of one worker process, served on WORKER_METRICS_PORT (/metrics).
import { createServer, type Server } from "node:http";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { db } from "@/lib/db/client";
import { queueDepth } from "./leases";

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "storefleet_worker_" });
  const storesByPhase = new Gauge({ name: "storefleet_stores", help: "Stores by phase (refreshed on resync)", labelNames: ["phase"], registers: [registry] });
  const queue = new Gauge({ name: "storefleet_worker_queue_depth", help: "Stores whose observed state does not match their desired state", registers: [registry] });
  const active = new Gauge({ name: "storefleet_worker_active_reconciles", help: "Reconcile passes running in this worker", registers: [registry] });
  const duration = new Histogram({
    name: "storefleet_reconcile_duration_seconds",
    help: "Duration of one reconcile pass",
    labelNames: ["outcome"],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers: [registry],
  });
  const failures = new Counter({ name: "storefleet_reconcile_failures_total", help: "Failed reconcile passes by reason", labelNames: ["reason"], registers: [registry] });
  const healthChecks = new Counter({ name: "storefleet_health_checks_total", help: "Health checks of running stores by result (passed, failed)", labelNames: ["result"], registers: [registry] });
  const backups = new Counter({ name: "storefleet_backups_total", help: "Finished backups by kind (manual, scheduled, final) and result", labelNames: ["kind", "result"], registers: [registry] });

  return {
    registry,
    active,
    duration,
    failures,
    backups,
    healthChecks,
    /** Re-reads phase counts and queue depth from PostgreSQL (cheap: two aggregate queries). */
    async refresh(): Promise<void> {
      const groups = await db().store.groupBy({ by: ["phase"], _count: { _all: true }, where: { deletedAt: null } });
      storesByPhase.reset();
      for (const g of groups) storesByPhase.set({ phase: g.phase }, g._count._all);
      queue.set(await queueDepth());
    },
    listen(port: number): Server | null {
      if (port === 0) return null;
      const server = createServer(async (req, res) => {
        if (req.url !== "/metrics") {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { "Content-Type": registry.contentType }).end(await registry.metrics());
      });
      server.listen(port);
      return server;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
