// Deleting a namespace removes everything in it, claims included, and the claim's volume
// goes too when its reclaim policy is Delete (the default StorageClass's policy).
import { afterAll, describe, expect, it } from "vitest";
import { apps, core, isGone, namespaces, pauseContainer, waitFor } from "../support/kube";

const ns = namespaces();
afterAll(() => ns.cleanup());

describe("namespace deletion", () => {
  it("removes the namespace, its workloads, claims and their Delete-policy volumes", async () => {
    const namespace = await ns.create("nsdel");
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: "settings" }, data: { a: "1" } } });
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: { metadata: { name: "files" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
    });
    const labels = { app: "uses-claim" };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: "uses-claim" },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [{ ...pauseContainer, volumeMounts: [{ name: "files", mountPath: "/files" }] }],
              volumes: [{ name: "files", persistentVolumeClaim: { claimName: "files" } }],
            },
          },
        },
      },
    });
    const claim = await waitFor("claim files Bound", async () => {
      const c = await core.readNamespacedPersistentVolumeClaim({ name: "files", namespace });
      return c.status?.phase === "Bound" && c;
    });
    const volume = claim.spec!.volumeName!;
    const pv = await core.readPersistentVolume({ name: volume });
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe("Delete");
    await waitFor("Deployment uses-claim Available", async () => {
      const d = await apps.readNamespacedDeployment({ name: "uses-claim", namespace });
      return d.status?.availableReplicas === 1;
    });

    await core.deleteNamespace({ name: namespace });
    await waitFor(`namespace ${namespace} gone`, () => isGone(() => core.readNamespace({ name: namespace })), 170_000);
    expect(await isGone(() => core.readNamespacedPersistentVolumeClaim({ name: "files", namespace }))).toBe(true);
    expect(await isGone(() => core.readNamespacedConfigMap({ name: "settings", namespace }))).toBe(true);
    const pods = await core.listNamespacedPod({ namespace });
    expect(pods.items).toHaveLength(0);
    await waitFor(`volume ${volume} deleted`, () => isGone(() => core.readPersistentVolume({ name: volume })));
  });
});
