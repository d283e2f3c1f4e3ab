// 1. create → Ready with the full timeline; suspend → zero replicas, claims kept; resume → Ready;
// delete → namespace and claims gone, deletedAt set, row kept.
import { describe, expect, it } from "vitest";
import { getJson } from "@/lib/kube/client";
import { apps, core, kc } from "../support/kube";
import { useWorkerForFile, createStore, events, namespaceGone, requestChange, testRouteMode, waitStore, waitFor } from "./helpers";

useWorkerForFile();

describe("store lifecycle", () => {
  it("creates, suspends, resumes and deletes a store", async () => {
    const store = await createStore("life", "tiny", false, true);
    const ns = `store-${store.slug}`;
    const ready = await waitStore(store.id, "Ready", (s) => s.phase === "Ready");
    // The store's choices reach the chart: its sample catalogue, and the route of the worker's mode.
    const wordpress = await apps.readNamespacedDeployment({ name: `${store.slug}-wordpress`, namespace: ns });
    const bootstrap = wordpress.spec!.template.spec!.initContainers!.find((c) => c.name === "bootstrap")!;
    expect(bootstrap.env?.find((e) => e.name === "STORE_SAMPLE_PRODUCTS")?.value).toBe("1");
    const route = testRouteMode === "gateway" ? `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes/${store.slug}-wordpress` : `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/${store.slug}-wordpress`;
    expect((await getJson<{ metadata: { name: string } }>(kc, route)).metadata.name).toBe(`${store.slug}-wordpress`);
    expect(ready.observedGeneration).toBe(1);
    expect(ready.readyAt).not.toBeNull();
    expect(ready.appliedDigest).toMatch(/^[0-9a-f]{32}$/);
    const timeline = await events(store.id);
    expect(timeline.map((e) => e.step)).toEqual(["namespace", "secrets", "database", "wordpress", "bootstrap", "ingress", "ready"]);
    expect(timeline.every((e) => e.state === "succeeded" && e.finishedAt && e.generation === 1)).toBe(true);
    const namespace = await core.readNamespace({ name: ns });
    expect(namespace.metadata?.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "storefleet",
      "storefleet.io/store-id": store.id,
      "storefleet.io/owner-id": store.ownerId,
      "pod-security.kubernetes.io/enforce": "restricted",
    });
    const claimsBefore = (await core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items.map((c) => c.metadata!.uid).sort();
    expect(claimsBefore).toHaveLength(2);

    await requestChange(store.id, { desiredState: "suspended" });
    await waitStore(store.id, "Suspended", (s) => s.phase === "Suspended" && s.observedGeneration === 2);
    expect((await apps.readNamespacedDeployment({ name: `${store.slug}-wordpress`, namespace: ns })).spec?.replicas).toBe(0);
    expect((await apps.readNamespacedStatefulSet({ name: `${store.slug}-mariadb`, namespace: ns })).spec?.replicas).toBe(0);
    expect((await core.listNamespacedPod({ namespace: ns })).items).toHaveLength(0);
    const claimsSuspended = (await core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items.map((c) => c.metadata!.uid).sort();
    expect(claimsSuspended).toEqual(claimsBefore);

    await requestChange(store.id, { desiredState: "present" });
    await waitStore(store.id, "Ready again", (s) => s.phase === "Ready" && s.observedGeneration === 3);
    const claimsResumed = (await core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items.map((c) => c.metadata!.uid).sort();
    expect(claimsResumed).toEqual(claimsBefore);

    await requestChange(store.id, { desiredState: "absent" });
    const deleted = await waitStore(store.id, "Deleted", (s) => s.phase === "Deleted", 180_000);
    expect(deleted.deletedAt).not.toBeNull();
    expect(await namespaceGone(store.slug)).toBe(true);
    const steps = (await events(store.id)).map((e) => `${e.generation}:${e.step}:${e.state}`);
    expect(steps).toEqual(expect.arrayContaining(["2:suspend:succeeded", "3:resume:succeeded", "4:delete:succeeded"]));
    await waitFor("volumes released", async () => {
      const pvs = await core.listPersistentVolume();
      return pvs.items.every((pv) => pv.spec?.claimRef?.namespace !== ns) || undefined;
    });
  });
});
