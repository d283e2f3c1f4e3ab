// Drift correction and namespace ownership against the real API server:
// - a Deployment scaled to 0, a NetworkPolicy edited, a Service deleted out of band are each put
//   back within one resync, and the timeline says what was corrected;
// - a namespace named like the store's that is not the store's is never installed into, adopted
//   or deleted: the store fails with a clear reason.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { apps, core, k8s, kc, uniqueName } from "../support/kube";
import { createStore, events, requestChange, useWorkerForFile, waitFor, waitStore } from "./helpers";

useWorkerForFile();
const net = kc.makeApiClient(k8s.NetworkingV1Api);
const merge = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);

async function readyStore(name: string) {
  const store = await createStore(name);
  await waitStore(store.id, "Ready", (s) => s.phase === "Ready");
  return { store, names: storeObjects(store.slug) };
}

/** Waits for the timeline's "Corrected drift" note and the store to be Ready again. */
async function corrected(storeId: string, what: RegExp) {
  const note = await waitFor(
    `a drift correction matching ${what}`,
    async () => (await events(storeId)).find((e) => e.step === "repair" && e.message.startsWith("Corrected drift") && what.test(e.message)),
    60_000,
  );
  await waitStore(storeId, "Ready after the correction", (s) => s.phase === "Ready" && s.statusMessage.startsWith("Store is ready"), 60_000);
  return note.message;
}

describe("drift correction", () => {
  it("scales a Deployment scaled to 0 out of band back up", async () => {
    const { store, names } = await readyStore("scaled");
    await apps.patchNamespacedDeploymentScale({ name: names.wordpress, namespace: names.namespace, body: { spec: { replicas: 0 } } }, merge);
    const message = await corrected(store.id, /replicas/);
    expect(message).toBe(`Corrected drift: Deployment ${names.wordpress} replicas 0 → 1`);
    expect((await apps.readNamespacedDeployment({ name: names.wordpress, namespace: names.namespace })).spec?.replicas).toBe(1);
  });

  it("reverts an edited NetworkPolicy and recreates a deleted Service", async () => {
    const { store, names } = await readyStore("edited");
    const before = await net.readNamespacedNetworkPolicy({ name: names.mariadb, namespace: names.namespace });
    await net.patchNamespacedNetworkPolicy(
      { name: names.mariadb, namespace: names.namespace, body: { spec: { ingress: [{ from: [{ namespaceSelector: {} }] }] } } },
      merge,
    );
    const message = await corrected(store.id, /NetworkPolicy/);
    expect(message).toBe(`Corrected drift: NetworkPolicy ${names.mariadb} ingress was changed`);
    const after = await net.readNamespacedNetworkPolicy({ name: names.mariadb, namespace: names.namespace });
    expect(after.spec?.ingress).toEqual(before.spec?.ingress);

    await core.deleteNamespacedService({ name: names.wordpress, namespace: names.namespace });
    expect(await corrected(store.id, /Service/)).toBe(`Corrected drift: Service ${names.wordpress} was missing`);
    expect((await core.readNamespacedService({ name: names.wordpress, namespace: names.namespace })).spec?.selector).toBeTruthy();
  });
});

describe("a namespace that is not the store's", () => {
  for (const [label, labels] of [
    ["unlabelled", { "storefleet.dev/test": "true" }],
    ["another store's", { "app.kubernetes.io/managed-by": "storefleet", "storefleet.io/store-id": "someone-else" }],
  ] as const) {
    it(`is never installed into or deleted (${label})`, async () => {
      const slug = uniqueName("taken").slice(0, 24);
      const namespace = storeObjects(slug).namespace;
      await core.createNamespace({ body: { metadata: { name: namespace, labels } } });
      try {
        const owner = await db().user.create({ data: { email: `${slug}@example.test`, name: "Owner", storeQuota: 5 } });
        const row = await db().store.create({ data: { slug, displayName: "Taken", size: "tiny", ownerId: owner.id } });
        await requestChange(row.id, {});
        const failed = await waitStore(row.id, "Failed", (s) => s.phase === "Failed");
        expect(failed.failureReason).toBe("namespace_conflict");
        expect(failed.statusMessage).toBe(`namespace ${namespace} exists and belongs to something else`);
        const untouched = await core.readNamespace({ name: namespace });
        expect(untouched.metadata?.labels).toEqual({ ...labels, "kubernetes.io/metadata.name": namespace });
        expect((await core.listNamespacedSecret({ namespace, labelSelector: "owner=helm" })).items).toEqual([]);

        await requestChange(row.id, { desiredState: "absent" });
        await waitStore(row.id, "Deleted", (s) => s.phase === "Deleted");
        const still = await core.readNamespace({ name: namespace });
        expect(still.metadata?.deletionTimestamp).toBeUndefined();
      } finally {
        await core.deleteNamespace({ name: namespace }).catch(() => undefined);
      }
    });
  }
});
