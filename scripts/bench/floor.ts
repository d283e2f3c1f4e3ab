// The Helm floor: what creating and deleting stores costs with nothing but the API server and the
// Helm CLI, at the worker's concurrency. Each store: create its namespace, `helm upgrade --install`
// the chart with the values the worker would pass (server-side apply, no --wait), and wait until
// its workloads are ready; delete: `helm uninstall`, delete the namespace, wait until it is gone.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Env } from "@/lib/config/env";
import { createKube } from "@/lib/kube/client";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { chartValues, type RouteMode } from "@/lib/worker/values";
import { pool, until } from "./lib";

const run = promisify(execFile);
const kube = createKube();

async function ready(slug: string): Promise<boolean> {
  const names = storeObjects(slug);
  try {
    const [d, s] = await Promise.all([
      kube.apps.readNamespacedDeployment({ name: names.wordpress, namespace: names.namespace }),
      kube.apps.readNamespacedStatefulSet({ name: names.mariadb, namespace: names.namespace }),
    ]);
    return (d.status?.availableReplicas ?? 0) >= 1 && (s.status?.readyReplicas ?? 0) >= 1;
  } catch {
    return false;
  }
}

async function gone(slug: string): Promise<boolean> {
  try {
    await kube.core.readNamespace({ name: storeObjects(slug).namespace });
    return false;
  } catch {
    return true;
  }
}

/** Creates the stores, returns the milliseconds until all are ready. */
export async function floorCreate(slugs: string[], concurrency: number, settings: Env & { routeMode: RouteMode }): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), "storefleet-floor-"));
  const started = Date.now();
  try {
    await pool(slugs, concurrency, async (slug) => {
      const names = storeObjects(slug);
      await kube.core.createNamespace({ body: { metadata: { name: names.namespace, labels: { "storefleet.dev/bench": "floor" } } } });
      const file = path.join(dir, `${slug}.json`);
      await writeFile(file, JSON.stringify(chartValues({ slug, displayName: slug, size: "tiny", sampleProducts: false, ownerEmail: "floor@example.test", suspended: false }, settings)));
      await run(settings.HELM_BIN, ["upgrade", "--install", names.release, settings.STORE_CHART_PATH, "-n", names.namespace, "-f", file, "--server-side=true", "--force-conflicts"]);
    });
    await until("the floor's stores to be ready", async () => (await Promise.all(slugs.map(ready))).every(Boolean), 30 * 60_000);
    return Date.now() - started;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Deletes the stores, returns the milliseconds until every namespace is gone. */
export async function floorDelete(slugs: string[], concurrency: number, settings: Env): Promise<number> {
  const started = Date.now();
  await pool(slugs, concurrency, async (slug) => {
    const names = storeObjects(slug);
    await run(settings.HELM_BIN, ["uninstall", names.release, "-n", names.namespace]);
    await kube.core.deleteNamespace({ name: names.namespace, propagationPolicy: "Foreground" });
  });
  await until("the floor's namespaces to be gone", async () => (await Promise.all(slugs.map(gone))).every(Boolean), 30 * 60_000);
  return Date.now() - started;
}
