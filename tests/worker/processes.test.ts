// 2. a worker child process SIGKILLed mid-create: a new worker finishes the store, with exactly
// one release and no duplicate objects or timeline steps. 3. two worker processes, 20 stores:
// no store is ever worked on by both at once, and all reach Ready.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetDatabase } from "../support/db";
import { apps } from "../support/kube";
import { cleanupNamespaces, core, createStore, events, killGroup, parsed, run, spawnWorker, waitFor, waitStore, type Child } from "./helpers";

const children: Child[] = [];
beforeAll(() => resetDatabase());
// A test that failed half-way must not leave its workers claiming the next test's stores.
afterEach(() => {
  for (const c of children.splice(0)) killGroup(c, "SIGKILL");
});
afterAll(() => cleanupNamespaces());

describe("worker processes", () => {
  it("finishes a create after the first worker is SIGKILLed mid-way", async () => {
    const first = spawnWorker();
    children.push(first);
    const store = await createStore("kill");
    // Kill as soon as helm was started for this store: the release may be half-written.
    await waitFor("helm started", async () => parsed(first.lines).some((l) => l.msg === "helm upgrade --install" && l.storeId === store.id) || undefined, 60_000);
    killGroup(first, "SIGKILL");
    await first.exited;
    const killedAt = await db().store.findUniqueOrThrow({ where: { id: store.id } });
    expect(killedAt.phase).not.toBe("Ready");

    const second = spawnWorker({ WORKER_METRICS_PORT: "19464", WORKER_RESYNC_SECONDS: "5" });
    children.push(second);
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready", 120_000);
    // The Prometheus endpoint reports the pass and, after a refresh, the store by phase with
    // nothing left to do (one refresh may see the phase before the store's last write).
    const metrics = await waitFor("metrics with the Ready store and an empty queue", async () => {
      const text = await (await fetch("http://127.0.0.1:19464/metrics")).text();
      return /^storefleet_stores\{phase="Ready"\} 1$/m.test(text) && /^storefleet_worker_queue_depth 0$/m.test(text) ? text : undefined;
    }, 30_000);
    expect(metrics).toMatch(/^storefleet_reconcile_duration_seconds_count\{outcome="in-sync"\} [1-9]/m);
    const ns = `store-${store.slug}`;
    const releases = JSON.parse(await run("helm", ["list", "-n", ns, "--deployed", "--failed", "--pending", "-o", "json"]));
    expect(releases).toHaveLength(1);
    expect(releases[0].status).toBe("deployed");
    expect((await apps.listNamespacedDeployment({ namespace: ns })).items).toHaveLength(1);
    expect((await apps.listNamespacedStatefulSet({ namespace: ns })).items).toHaveLength(1);
    expect((await core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items).toHaveLength(2);
    const provisioning = (await events(store.id)).filter((e) => e.step !== "repair" && e.state === "succeeded");
    expect(new Set(provisioning.map((e) => e.step)).size).toBe(provisioning.length);
    const secondId = parsed(second.lines).find((l) => l.msg === "worker starting")?.worker as string;
    expect(await db().workerHeartbeat.count({ where: { id: secondId } })).toBe(1);
    killGroup(second, "SIGTERM");
    expect(await second.exited).toBe(0);
    // A clean shutdown removes its heartbeat; the SIGKILLed worker's row stays, aging out.
    expect(await db().workerHeartbeat.count({ where: { id: secondId } })).toBe(0);
  });

  it("two workers share 20 stores without ever working on the same store at once", async () => {
    const a = spawnWorker({ WORKER_CONCURRENCY: "5" });
    const b = spawnWorker({ WORKER_CONCURRENCY: "5" });
    children.push(a, b);
    const stores: Array<{ id: string }> = [];
    for (let i = 0; i < 20; i++) stores.push(await createStore(`many${i}`));
    await waitFor("20 stores Ready", async () => {
      const rows = await db().store.findMany({ where: { id: { in: stores.map((s) => s.id) } }, select: { phase: true, statusMessage: true } });
      const notReady = rows.filter((r) => r.phase !== "Ready");
      return notReady.length === 0 || (console.log(JSON.stringify(notReady.slice(0, 3))), undefined);
    }, 400_000);
    killGroup(a, "SIGTERM");
    killGroup(b, "SIGTERM");
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);

    // Every pass logs start and end with its worker: per store, passes must not overlap.
    const passes = new Map<string, Array<{ worker: string; start: number; end: number }>>();
    for (const l of [...parsed(a.lines), ...parsed(b.lines)]) {
      if (l.msg !== "reconcile end") continue;
      const list = passes.get(l.storeId as string) ?? [];
      list.push({ worker: l.worker as string, start: l.startedAt as number, end: l.endedAt as number });
      passes.set(l.storeId as string, list);
    }
    const workers = new Set<string>();
    for (const s of stores) {
      const list = (passes.get(s.id) ?? []).sort((x, y) => x.start - y.start);
      expect(list.length).toBeGreaterThan(0);
      for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.end);
      list.forEach((p) => workers.add(p.worker));
    }
    expect(workers.size).toBe(2); // both took part
  });
});
