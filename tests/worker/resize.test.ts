// A resize against the real API server and Helm: the new preset's resources reach the Deployment
// and the StatefulSet, its quota the ResourceQuota; the volumes grow where the StorageClass allows
// expansion (`standard` of the test cluster), and stay, with the store saying why, where it does
// not (a class made here for the test, served by the same simulated provisioner).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { resetDatabase } from "../support/db";
import { apps, core, k8s, kc, uniqueName } from "../support/kube";
import { createStore, events, requestResize, startWorker, waitStore } from "./helpers";

const storage = kc.makeApiClient(k8s.StorageV1Api);
const fixedClass = uniqueName("sf-fixed").slice(0, 40);
const dir = mkdtempSync(path.join(tmpdir(), "storefleet-resize-"));
const slugs: string[] = [];

beforeAll(async () => {
  await resetDatabase();
  await storage.createStorageClass({
    body: { metadata: { name: fixedClass }, provisioner: "storefleet.dev/simulated", volumeBindingMode: "Immediate", reclaimPolicy: "Delete", allowVolumeExpansion: false },
  });
});

afterAll(async () => {
  // Only this file's stores: other runs may share the cluster.
  await Promise.all(slugs.map((s) => core.deleteNamespace({ name: storeObjects(s).namespace }).catch(() => {})));
  await storage.deleteStorageClass({ name: fixedClass }).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` with a worker of its own (with base values when given), stopped afterwards. */
async function withWorker(baseValues: string | null, body: () => Promise<void>) {
  // Backups off: the quota is then exactly the preset's (backups add their pod's room to it).
  const extra: Record<string, string> = { BACKUP_S3_ENDPOINT: "" };
  if (baseValues) {
    extra.STORE_BASE_VALUES_FILE = path.join(dir, "base-values.yaml");
    writeFileSync(extra.STORE_BASE_VALUES_FILE, baseValues);
  }
  const worker = startWorker(extra);
  await worker.start();
  try {
    await body();
  } finally {
    await worker.stop();
  }
}

async function readyTiny(name: string) {
  const store = await createStore(name, "tiny");
  slugs.push(store.slug);
  await waitStore(store.id, "Ready", (s) => s.phase === "Ready" && s.observedGeneration === 1);
  return store;
}

/** What the cluster holds for the store's size: limits, quota, claim sizes and their uids. */
async function sizes(slug: string) {
  const names = storeObjects(slug);
  const namespace = names.namespace;
  const deployment = await apps.readNamespacedDeployment({ name: names.wordpress, namespace });
  const statefulSet = await apps.readNamespacedStatefulSet({ name: names.mariadb, namespace });
  const quota = (await core.listNamespacedResourceQuota({ namespace })).items[0]!;
  const claim = (name: string) => core.readNamespacedPersistentVolumeClaim({ name, namespace });
  const [wordpressClaim, mariadbClaim] = await Promise.all([claim(names.wordpress), claim(names.mariadbClaim)]);
  const limits = (spec: k8s.V1PodSpec | undefined) => spec!.containers[0]!.resources!.limits;
  return {
    wordpressLimits: limits(deployment.spec!.template.spec),
    mariadbLimits: limits(statefulSet.spec!.template.spec),
    quota: { cpu: quota.spec!.hard!["limits.cpu"], storage: quota.spec!.hard!["requests.storage"] },
    claimTemplate: statefulSet.spec!.volumeClaimTemplates![0]!.spec!.resources!.requests!.storage,
    claims: [wordpressClaim.spec!.resources!.requests!.storage, mariadbClaim.spec!.resources!.requests!.storage],
    claimUids: [wordpressClaim.metadata!.uid, mariadbClaim.metadata!.uid],
  };
}

describe("resizing a store", () => {
  it("applies the new resources and quota, and grows the volumes where the StorageClass allows expansion", async () => {
    await withWorker(null, async () => {
      const store = await readyTiny("grow");
      const before = await sizes(store.slug);
      expect(before.quota).toEqual({ cpu: "400m", storage: "2Gi" });
      expect(before.claims).toEqual(["1Gi", "819Mi"]);

      await requestResize(store.id, "small");
      const done = await waitStore(store.id, "resized and Ready", (s) => s.phase === "Ready" && s.observedGeneration === 2, 180_000);
      expect(done).toMatchObject({ volumeStorage: "5Gi", volumeNote: null });
      const after = await sizes(store.slug);
      expect(after.wordpressLimits).toMatchObject({ cpu: "500m", memory: "512Mi" });
      expect(after.mariadbLimits).toMatchObject({ cpu: "400m", memory: "409Mi" });
      expect(after.quota).toEqual({ cpu: "1", storage: "5Gi" });
      // The same claims, larger: the StatefulSet was made again with the larger template and kept its claim.
      expect(after.claims).toEqual(["2560Mi", "2Gi"]);
      expect(after.claimTemplate).toBe("2Gi");
      expect(after.claimUids).toEqual(before.claimUids);
      const timeline = await events(store.id);
      expect(timeline.filter((e) => e.generation === 2).map((e) => [e.step, e.state, e.message])).toEqual([
        ["resize", "succeeded", "Store resized to Small (1 CPU, 1Gi memory, 5Gi storage)"],
      ]);
      expect(timeline.filter((e) => e.state === "failed")).toEqual([]);
    });
  });

  it("keeps the volumes, and says why, where the StorageClass does not allow expansion; CPU, memory and quota still follow", async () => {
    const classValues = `wordpress: {persistence: {storageClass: ${fixedClass}}}\nmariadb: {persistence: {storageClass: ${fixedClass}}}\n`;
    await withWorker(classValues, async () => {
      const store = await readyTiny("fixed");
      const before = await sizes(store.slug);

      await requestResize(store.id, "small");
      const done = await waitStore(store.id, "resized and Ready", (s) => s.phase === "Ready" && s.observedGeneration === 2, 180_000);
      const note = `The StorageClass ${fixedClass} does not allow volume expansion; the volumes stay 2Gi`;
      expect(done).toMatchObject({ volumeStorage: "2Gi", volumeNote: note });
      const after = await sizes(store.slug);
      expect(after.wordpressLimits).toMatchObject({ cpu: "500m", memory: "512Mi" });
      expect(after.quota).toEqual({ cpu: "1", storage: "5Gi" });
      expect(after.claims).toEqual(before.claims);
      expect(after.claimTemplate).toBe(before.claimTemplate);
      expect(after.claimUids).toEqual(before.claimUids);
      const resize = (await events(store.id)).filter((e) => e.generation === 2);
      expect(resize.map((e) => [e.step, e.state, e.message])).toEqual([["resize", "succeeded", `Store resized to Small (1 CPU, 1Gi memory, 5Gi storage). ${note}`]]);
    });
  });
});
