// Core workload controllers work end to end: scheduling, readiness, volumes, Jobs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apps, batch, core, namespaces, pauseContainer, waitFor } from "../support/kube";

const ns = namespaces();
let namespace: string;
beforeAll(async () => {
  namespace = await ns.create("workloads");
});
afterAll(() => ns.cleanup());

describe("workloads", () => {
  it("a 2-replica Deployment becomes Available", async () => {
    const labels = { app: "web" };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: "web" },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [pauseContainer] } } },
      },
    });
    const d = await waitFor("Deployment web Available with 2 replicas", async () => {
      const d = await apps.readNamespacedDeployment({ name: "web", namespace });
      const available = d.status?.conditions?.some((c) => c.type === "Available" && c.status === "True");
      return available && d.status?.availableReplicas === 2 && d;
    });
    expect(d.status?.readyReplicas).toBe(2);
  });

  it("a StatefulSet with a volumeClaimTemplate gets a Bound claim and a Ready pod", async () => {
    const labels = { app: "db" };
    await core.createNamespacedService({
      namespace,
      body: { metadata: { name: "db" }, spec: { clusterIP: "None", selector: labels, ports: [{ port: 3306 }] } },
    });
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: "db" },
        spec: {
          serviceName: "db",
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ ...pauseContainer, volumeMounts: [{ name: "data", mountPath: "/data" }] }] },
          },
          volumeClaimTemplates: [
            { metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } },
          ],
        },
      },
    });
    const claim = await waitFor("claim data-db-0 Bound", async () => {
      const c = await core.readNamespacedPersistentVolumeClaim({ name: "data-db-0", namespace });
      return c.status?.phase === "Bound" && c;
    });
    expect(claim.spec?.volumeName).toBeTruthy();
    const pv = await core.readPersistentVolume({ name: claim.spec!.volumeName! });
    expect(pv.spec?.claimRef?.uid).toBe(claim.metadata?.uid);
    await waitFor("pod db-0 Ready", async () => {
      const p = await core.readNamespacedPod({ name: "db-0", namespace });
      return p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True");
    });
    await waitFor("StatefulSet db readyReplicas 1", async () => {
      const s = await apps.readNamespacedStatefulSet({ name: "db", namespace });
      return s.status?.readyReplicas === 1;
    });
  });

  it("a Job completes", async () => {
    await batch.createNamespacedJob({
      namespace,
      body: {
        metadata: { name: "once" },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: "Never",
              containers: [{ ...pauseContainer, name: "once", image: "busybox:1.36", command: ["sh", "-c", "true"] }],
            },
          },
        },
      },
    });
    const job = await waitFor("Job once Complete", async () => {
      const j = await batch.readNamespacedJob({ name: "once", namespace });
      if (j.status?.conditions?.some((c) => c.type === "Failed" && c.status === "True")) {
        throw new Error(`Job failed: ${JSON.stringify(j.status)}`);
      }
      return j.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True") && j;
    });
    expect(job.status?.succeeded).toBe(1);
  });
});
