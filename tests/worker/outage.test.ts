// 4. The Kubernetes API goes away during a create and comes back: the store keeps its phase,
// says it is waiting for the API, and converges once the API returns. The outage is a TCP proxy
// between the worker (client-node and helm) and the API server, closed and reopened by the test:
// a real network outage for the clients, without stopping the shared kube-apiserver.
import { mkdtemp, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../support/db";
import { k8s, kc } from "../support/kube";
import { cleanupNamespaces, createStore, parsed, startWorker, waitFor, waitStore } from "./helpers";

const upstream = new URL(kc.getCurrentCluster()!.server);
const sockets = new Set<net.Socket>();
let server: net.Server | null = null;
let port = 0;

function openProxy(): Promise<void> {
  server = net.createServer((client) => {
    const up = net.connect(Number(upstream.port || 443), upstream.hostname);
    for (const s of [client, up]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(up).pipe(client);
  });
  return new Promise((r) => server!.listen(port, "127.0.0.1", () => {
    port = (server!.address() as net.AddressInfo).port;
    r();
  }));
}

function cutProxy(): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((r) => (server ? server.close(() => r()) : r()));
}

let worker: ReturnType<typeof startWorker>;
const lines: string[] = [];
beforeAll(async () => {
  await resetDatabase();
  await openProxy();
  // A kubeconfig naming the proxy: same credentials, same CA (the cert is valid for 127.0.0.1).
  const proxied = new k8s.KubeConfig();
  proxied.loadFromString(kc.exportConfig());
  const cluster = proxied.getCurrentCluster()!;
  proxied.clusters = proxied.clusters.map((c) => (c.name === cluster.name ? { ...c, server: `https://127.0.0.1:${port}` } : c));
  const file = path.join(await mkdtemp(path.join(tmpdir(), "sf-outage-")), "kubeconfig");
  await writeFile(file, proxied.exportConfig(), { mode: 0o600 });
  worker = startWorker({ KUBECONFIG: file }, lines, proxied, file);
  await worker.start();
});
afterAll(async () => {
  await worker?.stop();
  await cutProxy();
  await cleanupNamespaces();
});

describe("API outage", () => {
  it("waits for the API and converges when it returns", async () => {
    await cutProxy();
    const store = await createStore("outage");
    const waiting = await waitStore(store.id, "waiting for the API", (s) => s.statusMessage === "Waiting for the Kubernetes API to come back", 60_000);
    expect(["Pending", "Provisioning"]).toContain(waiting.phase);
    // Several failed attempts later the store is still not Failed and no attempt was counted.
    const unreachable = () => parsed(lines).filter((l) => l.msg === "kubernetes API unreachable; will retry" && l.storeId === store.id).length;
    await waitFor("three unreachable passes", async () => unreachable() >= 3 || undefined, 60_000);
    const still = await waitStore(store.id, "still not Failed", () => true);
    expect(still.phase).not.toBe("Failed");
    expect(still.failureCount).toBe(0);

    await openProxy();
    const ready = await waitStore(store.id, "Ready after the outage", (s) => s.phase === "Ready", 120_000);
    expect(ready.failureReason).toBeNull();
  });
});
