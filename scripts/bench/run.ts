// `npm run bench` (scripts/bench.sh prepares the database, the cluster and a production build):
// prints Storefleet's figures next to the Helm floor's, and a fleet's. Nothing is asserted.
//
// BENCH_STORES (100)  stores for the floor comparison, at WORKER_CONCURRENCY (4)
// BENCH_FLEET (1000)  stores kept live for the fleet figures
// BENCH_PORT (3400)   port of the portal started for the API figures
// BENCH_BACKUPS (0)   1: backups as configured (scripts/bench.sh turns them off otherwise)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/config/env";
import { db, disconnectDb } from "@/lib/db/client";
import { createKube } from "@/lib/kube/client";
import { STORE_NAMESPACE_SELECTOR } from "@/lib/stores/cluster-objects";
import { changeStoreLifecycle, createStore } from "@/lib/stores/service";
import { createApiToken } from "@/lib/tokens/service";
import { resolveRouteMode } from "@/lib/worker/route-mode";
import { floorCreate, floorDelete } from "./floor";
import { percentile, pool, processUsage, report, seconds, spawnWorker, until, type WorkerProcess } from "./lib";

const N = Number(process.env.BENCH_STORES ?? 100);
const FLEET = Number(process.env.BENCH_FLEET ?? 1000);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const settings = env();
const concurrency = settings.WORKER_CONCURRENCY;
const kube = createKube();
// The worker's log messages the benchmark waits for.
const STARTED = "cluster cache synced";
const FIRST_HELM_ACTION = "helm upgrade --install";
const slugOf = (prefix: string, i: number) => `${prefix}${i}-${randomBytes(2).toString("hex")}`;

async function owner(label: string, quota: number) {
  const user = await db().user.create({ data: { email: `${label}-${randomBytes(3).toString("hex")}@bench.test`, name: label, storeQuota: quota, role: label === "admin" ? "admin" : "member" } });
  return { actor: { id: user.id, email: user.email, name: user.name, role: user.role }, sourceIp: null, via: "api" as const };
}

async function countPhase(ids: string[], phase: "Ready" | "Deleted"): Promise<number> {
  const failed = await db().store.findFirst({ where: { id: { in: ids }, phase: "Failed" }, select: { slug: true, statusMessage: true } });
  if (failed) throw new Error(`benchmark: store ${failed.slug} failed: ${failed.statusMessage}`);
  return db().store.count({ where: { id: { in: ids }, phase } });
}

async function createMany(ctx: Awaited<ReturnType<typeof owner>>, slugs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of slugs) ids.push((await createStore({ name, size: "tiny" }, ctx)).store.id);
  return ids;
}

async function storefleetCreateDelete(ctx: Awaited<ReturnType<typeof owner>>): Promise<{ create: number; remove: number }> {
  let t = Date.now();
  const ids = await createMany(ctx, Array.from({ length: N }, (_, i) => slugOf("sf", i)));
  await until("Storefleet's stores to be Ready", async () => (await countPhase(ids, "Ready")) === N, 30 * 60_000);
  const create = Date.now() - t;
  t = Date.now();
  for (const id of ids) await changeStoreLifecycle(id, "delete", ctx);
  await until("Storefleet's stores to be Deleted", async () => (await countPhase(ids, "Deleted")) === N, 30 * 60_000);
  return { create, remove: Date.now() - t };
}

/** More simulated nodes so a thousand stores fit; removed at the end. */
async function addBenchNodes(count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `kwok-bench-${i + 1}`);
  for (const name of names) {
    const capacity = { cpu: "64", memory: "256Gi", "ephemeral-storage": "1Ti", pods: "500" };
    await kube.core.createNode({
      body: {
        metadata: { name, annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" }, labels: { type: "kwok", "kubernetes.io/hostname": name } },
        status: { capacity, allocatable: capacity },
      },
    });
  }
  return names;
}

/** The worker's resident memory and CPU share over `ms` while nothing changes. */
async function idleUsage(worker: WorkerProcess, ms: number): Promise<{ rssMiB: number; cpuPercent: number }> {
  const pid = worker.proc.pid!;
  const before = processUsage(pid);
  let rss = before.rssMiB;
  const started = Date.now();
  while (Date.now() - started < ms) {
    await new Promise((r) => setTimeout(r, 2_000));
    rss = Math.max(rss, processUsage(pid).rssMiB);
  }
  const cpu = processUsage(pid).cpuSeconds - before.cpuSeconds;
  return { rssMiB: rss, cpuPercent: (100 * cpu) / ((Date.now() - started) / 1000) };
}

/** From creating a store to the worker's first Helm action for it. */
async function newStoreLag(ctx: Awaited<ReturnType<typeof owner>>, worker: WorkerProcess): Promise<number[]> {
  const lags: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = Date.now();
    const { store } = await createStore({ name: slugOf("lag", i), size: "tiny" }, ctx);
    await until("the worker's first Helm action", async () => worker.lines.some((l) => l.msg === FIRST_HELM_ACTION && l.storeId === store.id), 60_000, 20);
    lags.push(worker.lines.find((l) => l.msg === FIRST_HELM_ACTION && l.storeId === store.id)!.readAtMs - t);
  }
  return lags;
}

function startPortal(): Promise<() => void> {
  const proc = spawn(process.execPath, [".next/standalone/dist/portal.mjs", "--port", String(PORT), "--hostname", "127.0.0.1"], { stdio: "ignore", env: { ...process.env, NEXTAUTH_URL: `http://127.0.0.1:${PORT}` } });
  const stop = () => proc.kill("SIGTERM");
  return until("the portal", async () => (await fetch(`http://127.0.0.1:${PORT}/api/health`).catch(() => null))?.ok ?? false, 120_000).then(() => stop);
}

async function timedGet(path: string, token: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`benchmark: GET ${path} answered ${res.status}`);
  return performance.now() - t;
}

async function listLatencies(cases: [string, string, string][]): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  for (const [label, path, token] of cases) {
    for (let i = 0; i < 10; i++) await timedGet(path, token); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 200; i++) times.push(await timedGet(path, token));
    rows.push([label, `p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`]);
  }
  return rows;
}

/** 20 creates at once by the token's owner; `expected` is the status each must answer. */
async function concurrentPosts(token: string, expected = 201): Promise<number[]> {
  return Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORT}/api/v1/stores`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: slugOf("post", i), size: "tiny" }),
      });
      await res.arrayBuffer();
      if (res.status !== expected) throw new Error(`benchmark: POST answered ${res.status}`);
      return performance.now() - t;
    }),
  );
}

async function fleet(worker: WorkerProcess): Promise<void> {
  const owners = await Promise.all(Array.from({ length: 10 }, (_, i) => owner(`owner${i}`, FLEET)));
  const admin = await owner("admin", 10);
  const nodes = await addBenchNodes(Math.ceil(FLEET / 200));
  const t = Date.now();
  const ids: string[] = [];
  await pool(owners, owners.length, async (ctx, o) => {
    ids.push(...(await createMany(ctx, Array.from({ length: FLEET / owners.length }, (_, i) => slugOf(`f${o}x`, i)))));
  });
  await until(`${FLEET} stores to be Ready`, async () => (await countPhase(ids, "Ready")) === FLEET, 4 * 3600_000, 2_000);
  const createMs = Date.now() - t;
  const usage = await idleUsage(worker, 60_000);
  const lags = await newStoreLag(owners[0]!, worker);

  const stopPortal = await startPortal();
  try {
    const adminToken = (await createApiToken({ name: "bench" }, admin)).token;
    const ownerToken = (await createApiToken({ name: "bench" }, owners[1]!)).token;
    const lists = await listLatencies([
      ["admin, 20 per page", "/api/v1/stores?pageSize=20", adminToken],
      ["admin, 100 per page", "/api/v1/stores?pageSize=100", adminToken],
      ["admin, 100 per page, page 10", "/api/v1/stores?pageSize=100&page=10", adminToken],
      ["admin, phase=Ready, 100 per page", "/api/v1/stores?phase=Ready&pageSize=100", adminToken],
      ["admin, one owner's, 50 per page", `/api/v1/stores?ownerId=${owners[2]!.actor.id}&pageSize=50`, adminToken],
      ["owner (100 stores), 20 per page", "/api/v1/stores?pageSize=20", ownerToken],
      ["owner (100 stores), 100 per page", "/api/v1/stores?pageSize=100", ownerToken],
    ]);
    // Warmed up like the lists, by a burst that leaves the worker nothing to do: an owner without
    // quota, whose creates go all the way to the quota count, last, and are refused (403).
    await concurrentPosts((await createApiToken({ name: "bench" }, await owner("warm-up", 0))).token, 403);
    const posts = await concurrentPosts((await createApiToken({ name: "bench" }, await owner("poster", 100))).token);
    report(`Fleet of ${FLEET} stores (one worker, concurrency ${concurrency})`, [
      ["time to create all, to Ready", seconds(createMs)],
      ["worker memory while all Ready (max RSS over 60 s)", `${usage.rssMiB.toFixed(0)} MiB`],
      ["worker CPU while all Ready (60 s average)", `${usage.cpuPercent.toFixed(1)} % of one core`],
      ["new store → first Helm action (5 stores)", `median ${(percentile(lags, 50) / 1000).toFixed(2)} s, max ${(Math.max(...lags) / 1000).toFixed(2)} s`],
      ...lists.map(([k, v]) => [`GET /api/v1/stores: ${k}`, v] as [string, string]),
      ["POST /api/v1/stores, 20 at once by one owner", `p50 ${percentile(posts, 50).toFixed(0)} ms, p99 ${percentile(posts, 99).toFixed(0)} ms`],
    ]);
  } finally {
    stopPortal();
    // The bench database goes with its run; its stores' namespaces are removed without waiting.
    const left = await kube.core.listNamespace({ labelSelector: STORE_NAMESPACE_SELECTOR });
    await pool(left.items, 8, async (n) => void (await kube.core.deleteNamespace({ name: n.metadata!.name! })));
    for (const name of nodes) await kube.core.deleteNode({ name });
  }
}

async function main(): Promise<void> {
  const worker = spawnWorker({ ...process.env, WORKER_METRICS_PORT: "0" }, (l) => l.msg === STARTED || l.msg === FIRST_HELM_ACTION);
  try {
    await until("the worker to start", async () => worker.lines.some((l) => l.msg === STARTED), 120_000);
    const ctx = await owner("bench", N);
    const sf = await storefleetCreateDelete(ctx);
    const floorSlugs = Array.from({ length: N }, (_, i) => slugOf("floor", i));
    const floorUp = await floorCreate(floorSlugs, concurrency, { ...settings, routeMode: await resolveRouteMode(kube, settings.STORE_ROUTE_MODE, { name: settings.GATEWAY_NAME, namespace: settings.GATEWAY_NAMESPACE }) });
    const floorDown = await floorDelete(floorSlugs, concurrency, settings);
    report(`${N} stores at concurrency ${concurrency}: Storefleet against the Helm floor`, [
      ["create → all Ready", `Storefleet ${seconds(sf.create)}, floor ${seconds(floorUp)}, ratio ${(sf.create / floorUp).toFixed(2)}`],
      ["delete → all gone", `Storefleet ${seconds(sf.remove)}, floor ${seconds(floorDown)}, ratio ${(sf.remove / floorDown).toFixed(2)}`],
    ]);
    if (FLEET > 0) await fleet(worker);
  } finally {
    await worker.stop();
    await disconnectDb();
  }
}

await main();
