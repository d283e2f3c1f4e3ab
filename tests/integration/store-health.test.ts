// Health checks against a real HTTP server standing in for a store (reached the way the worker
// reaches stores through the router: its host name sent to another address) and a real
// PostgreSQL: the results rolled up by hour, Degraded from the third failure in a row with the
// reason, on the timeline and in the store's conditions, healthy again when it answers, and the
// uptime the API reports.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { createStore, getStore } from "@/lib/stores/service";
import { storeHealth } from "@/lib/stores/health-service";
import { HealthChecker } from "@/lib/worker/health";
import { probeStore } from "@/lib/worker/health-probe";
import { createLogger } from "@/lib/worker/log";
import { contextOf, useCast } from "../support/actors";

const cast = useCast();
let server: Server;
let connectTo = "";
let answer: "shop" | "error" | "blank" = "shop";
const hosts: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hosts.push(req.headers.host ?? "");
    if (answer === "error") return void res.writeHead(502).end("Bad Gateway");
    if (req.url === "/wp-json/wc/store/v1/cart") return void res.writeHead(200, { "Content-Type": "application/json; charset=UTF-8" }).end('{"items":[]}');
    res.writeHead(200, { "Content-Type": "text/html" }).end(answer === "shop" ? '<body class="woocommerce-page"><ul class="products"></ul></body>' : "<body>Apache2 default page</body>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  connectTo = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await disconnectDb();
});

describe("health checks", () => {
  it("record each check, mark the store Degraded from the third failure in a row and healthy again when it answers", async () => {
    const { store } = await createStore({ name: "health-shop", size: "small" }, contextOf(cast.alice));
    await db().store.update({ where: { id: store.id }, data: { phase: "Ready", observedGeneration: 1, readyAt: new Date() } });
    // Only this store is due: other files' stores must not take the ticks' places.
    await db().store.updateMany({ where: { id: { not: store.id } }, data: { healthCheckedAt: new Date(Date.now() + 3600_000) } });
    const checker = new HealthChecker({
      intervalSeconds: 0,
      urlOf: (slug) => `http://${slug}.stores.example.test`,
      probe: (url) => probeStore(url, connectTo, 5_000),
      log: createLogger({ component: "test" }, () => {}),
    });
    const conditionOf = async () => (await getStore(cast.alice, store.id)).conditions.find((c) => c.type === "Degraded")!;
    const healthSteps = async () => (await db().storeEvent.findMany({ where: { storeId: store.id, step: "health" }, orderBy: { startedAt: "asc" } })).map((e) => [e.state, e.message]);

    await checker.tick();
    expect(hosts.at(-1)).toBe("health-shop.stores.example.test");
    answer = "error";
    for (let i = 0; i < 2; i++) await checker.tick();
    expect((await conditionOf()).status).toBe("False");
    expect(await healthSteps()).toEqual([]);
    answer = "blank";
    await checker.tick();
    expect(await conditionOf()).toMatchObject({ status: "True", reason: "HealthChecksFailing", message: "the storefront does not show the shop (no WooCommerce markup) (3 checks in a row)" });
    expect(await healthSteps()).toEqual([["failed", "Degraded: the storefront does not show the shop (no WooCommerce markup) (3 checks in a row)"]]);
    expect((await getStore(cast.alice, store.id)).phase).toBe("Ready");

    answer = "shop";
    await checker.tick();
    expect((await conditionOf()).status).toBe("False");
    expect((await healthSteps()).at(-1)).toEqual(["succeeded", "Healthy again: the storefront and the Store API answer"]);

    const health = await storeHealth(cast.alice, store.id);
    expect(health).toMatchObject({ degraded: false, failuresInARow: 0, problem: null, uptime24h: 40, uptime30d: 40 });
    expect(health.hours.at(-1)).toMatchObject({ checks: 5, uptime: 40 });
    expect(health.hours.at(-1)!.meanResponseMs).toBeGreaterThanOrEqual(0);
    expect(health.checkedAt).not.toBeNull();
    // Only its owner and admins see it.
    await expect(storeHealth(cast.bob, store.id)).rejects.toThrow("Store not found");
  });

  it("says why a store that does not answer at all failed", async () => {
    const result = await probeStore("http://nowhere.stores.example.test", "127.0.0.1:9", 2_000);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/^the storefront did not answer: /);
  });
});
