// Fleet upgrades in waves against the real API server, Helm and PostgreSQL. A worker shipping a
// new store chart records a new fleet version but upgrades no store by itself; a rollout started
// through the domain (lib/rollouts/service.ts) upgrades a canary, then batches, each Ready before
// the next, skips the pinned store, stops on the store whose namespace cannot take the upgraded
// WordPress (a failure injected out of band), and its rollback brings every store it touched back
// to the version it ran, with Helm applying the old chart again.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { controlRollout, startRollout } from "@/lib/rollouts/service";
import { contextOf } from "../support/actors";
import { resetDatabase } from "../support/db";
import { apps, core, waitFor } from "../support/kube";
import { cleanupNamespaces, createStore, events, startWorker, waitStore } from "./helpers";

const NEW_TAG = "6.9.8-php8.2-apache";
const dir = mkdtempSync(path.join(tmpdir(), "storefleet-rollout-"));
const newChart = path.join(dir, "woocommerce-store");

/** The store chart with another chart version, WordPress image and MariaDB claim template (a
 * label more, which the API server refuses to change in place): a new fleet version. */
function writeNewChart() {
  cpSync(path.resolve("charts/woocommerce-store"), newChart, { recursive: true });
  const chartYaml = path.join(newChart, "Chart.yaml");
  writeFileSync(chartYaml, readFileSync(chartYaml, "utf8").replace(/^version: .*$/m, "version: 0.4.1-rollout-test"));
  const values = path.join(newChart, "values.yaml");
  writeFileSync(values, readFileSync(values, "utf8").replace('tag: "6.9.7-php8.2-apache"', `tag: "${NEW_TAG}"`));
  const statefulSet = path.join(newChart, "templates", "mariadb-statefulset.yaml");
  const claimLabel = "          app.kubernetes.io/component: mariadb\n";
  const template = readFileSync(statefulSet, "utf8");
  if (!template.includes(claimLabel)) throw new Error("the claim template's labels moved: update this test");
  writeFileSync(statefulSet, template.replace(claimLabel, `${claimLabel}          storefleet.dev/claim-template: "2"\n`));
}

/** The MariaDB claim's uid: the same claim, the same data. */
async function claimUid(slug: string): Promise<string> {
  const { namespace, mariadbClaim } = storeObjects(slug);
  return (await core.readNamespacedPersistentVolumeClaim({ name: mariadbClaim, namespace })).metadata!.uid!;
}

async function wordpressImage(slug: string): Promise<string> {
  const { namespace, wordpress } = storeObjects(slug);
  const d = await apps.readNamespacedDeployment({ name: wordpress, namespace });
  return d.spec!.template.spec!.containers[0]!.image!;
}

const rows = (rolloutId: string) => db().rolloutStore.findMany({ where: { rolloutId }, include: { store: { select: { slug: true } } } });

// Quick failures: the broken store gives up within a minute.
const first = startWorker({ STORE_READY_TIMEOUT_SECONDS: "30" });
let second: ReturnType<typeof startWorker> | null = null;

beforeAll(async () => {
  await resetDatabase();
  await first.start();
});

afterAll(async () => {
  await first.stop().catch(() => {});
  await second?.stop().catch(() => {});
  await cleanupNamespaces();
  rmSync(dir, { recursive: true, force: true });
});

describe("a fleet rollout", () => {
  it("upgrades in waves, skips the pinned store, stops on a failed upgrade, and rolls back", async () => {
    const stores = [];
    for (const name of ["canary", "b1-broken", "b1b", "b2a", "b2b", "pinned"]) stores.push(await createStore(`ro-${name}`));
    for (const s of stores) await waitStore(s.id, "Ready", (r) => r.phase === "Ready" && r.versionId !== null);
    const oldVersion = (await db().store.findUniqueOrThrow({ where: { id: stores[0]!.id } })).versionId!;
    const claims = new Map(await Promise.all(stores.map(async (s) => [s.id, await claimUid(s.slug)] as const)));
    const oldDigests = new Map((await db().store.findMany({ where: { id: { in: stores.map((s) => s.id) } } })).map((s) => [s.id, s.appliedDigest]));

    // A worker with a new chart records a new version; stores stay where they are.
    writeNewChart();
    second = startWorker({ STORE_READY_TIMEOUT_SECONDS: "30", STORE_CHART_PATH: newChart });
    await second.start();
    const newVersion = await db().fleetVersion.findFirstOrThrow({ where: { NOT: { id: oldVersion } } });
    expect(newVersion.label).toMatch(/^chart 0\.4\.1-rollout-test · docker\.io\/library\/wordpress:6\.9\.8-php8\.2-apache · WooCommerce /);
    await first.stop(); // the new worker applies both versions from here on
    const settledAgain = await db().store.findMany({ where: { id: { in: stores.map((s) => s.id) } } });
    for (const s of settledAgain) {
      expect(s.versionId).toBe(oldVersion);
      expect(s.appliedDigest).toBe(oldDigests.get(s.id));
      expect(await wordpressImage(s.slug)).toMatch(/:6\.9\.7-php8\.2-apache$/);
    }

    // The owner of the last store pins it; a quota in the second store's namespace refuses the
    // new ReplicaSet its upgraded WordPress needs.
    await db().store.update({ where: { id: stores[5]!.id }, data: { pinnedUntil: new Date(Date.now() + 86_400_000) } });
    await core.createNamespacedResourceQuota({
      namespace: storeObjects(stores[1]!.slug).namespace,
      body: { metadata: { name: "injected-failure" }, spec: { hard: { "count/replicasets.apps": "1" } } },
    });

    const admin = await db().user.create({ data: { email: "operator@example.test", name: "Operator", role: "admin", storeQuota: 0 } });
    const rollout = await startRollout({ versionId: newVersion.id, canarySize: 1, batchSize: 2 }, contextOf(admin, "api"));
    expect(rollout.stores.map((s) => [s.slug, s.batch, s.state])).toEqual([
      [stores[0]!.slug, 0, "pending"],
      [stores[1]!.slug, 1, "pending"],
      [stores[2]!.slug, 1, "pending"],
      [stores[3]!.slug, 2, "pending"],
      [stores[4]!.slug, 2, "pending"],
      [stores[5]!.slug, null, "skipped"],
    ]);

    const stopped = await waitFor("the rollout to stop on the broken store", async () => {
      const r = await db().rollout.findUniqueOrThrow({ where: { id: rollout.id } });
      return r.state === "failed" ? r : undefined;
    }, 300_000);
    expect(stopped.message).toContain(`Stopped: ${stores[1]!.slug} failed its upgrade`);
    const byStore = new Map((await rows(rollout.id)).map((r) => [r.storeId, r]));
    for (const s of [stores[0]!, stores[2]!]) {
      expect(byStore.get(s.id)!.state).toBe("succeeded");
      expect(await wordpressImage(s.slug)).toBe(`docker.io/library/wordpress:${NEW_TAG}`);
      expect(await claimUid(s.slug)).toBe(claims.get(s.id));
      const upgrade = (await events(s.id)).find((e) => e.step === "upgrade")!;
      expect([upgrade.state, upgrade.message]).toEqual(["succeeded", `Store runs ${newVersion.label}`]);
    }
    expect(byStore.get(stores[1]!.id)!.state).toBe("failed");
    expect(byStore.get(stores[1]!.id)!.message).toMatch(/^Upgrade failed: /);
    // Its batch's other store was upgraded alongside; the next batch never started.
    for (const s of [stores[3]!, stores[4]!]) {
      expect(byStore.get(s.id)!.state).toBe("pending");
      expect((await db().store.findUniqueOrThrow({ where: { id: s.id } })).versionId).toBe(oldVersion);
    }
    expect(byStore.get(stores[5]!.id)!.message).toMatch(/^Skipped: pinned by its owner until /);
    expect((await db().store.findUniqueOrThrow({ where: { id: stores[5]!.id } })).versionId).toBe(oldVersion);

    // Roll back: every store the rollout touched runs the old chart again, the broken one included.
    await controlRollout(rollout.id, "rollback", contextOf(admin, "api"));
    await waitFor("the rollback to finish", async () => (await db().rollout.findUniqueOrThrow({ where: { id: rollout.id } })).state === "rolled_back" || undefined, 300_000);
    for (const s of stores.slice(0, 5)) {
      const row = await waitStore(s.id, "Ready on the old version", (r) => r.phase === "Ready" && r.generation === r.observedGeneration);
      expect(row.versionId).toBe(oldVersion);
      expect(await wordpressImage(s.slug)).toMatch(/:6\.9\.7-php8\.2-apache$/);
      expect(await claimUid(s.slug)).toBe(claims.get(s.id));
    }
    const after = new Map((await rows(rollout.id)).map((r) => [r.storeId, r.state]));
    expect(stores.map((s) => after.get(s.id))).toEqual(["rolled_back", "rolled_back", "rolled_back", "skipped", "skipped", "skipped"]);
    const audit = await db().auditLog.findMany({ where: { targetId: rollout.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["rollout.start", "rollout.rollback"]);
  });
});
