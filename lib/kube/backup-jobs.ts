// The backup and restore Jobs' life in the cluster: start one (with its key Secret), read how it
// went, and remove both. Written with the store-manager role, which the worker holds only inside
// store namespaces.
import type { V1Job, V1Pod, V1Secret } from "@kubernetes/client-node";
import { ignoreStatus, orNull, type Kube } from "./client";

export type JobOutcome = { state: "running" } | { state: "succeeded" } | { state: "failed"; reason: string } | { state: "missing" };

export interface JobRef {
  namespace: string;
  name: string;
}

/** Creates the key Secret, then the Job; either may exist already (a retried step). */
export async function startDataJob(kube: Kube, secret: V1Secret, job: V1Job): Promise<void> {
  const namespace = job.metadata!.namespace!;
  await ignoreStatus(kube.core.createNamespacedSecret({ namespace, body: secret }), 409);
  await ignoreStatus(kube.batch.createNamespacedJob({ namespace, body: job }), 409);
}

/** The last lines of a failed container's log (its termination message), on one line. */
function containerFailures(pod: V1Pod): string[] {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.flatMap((c) => {
    const end = c.state?.terminated;
    if (!end || end.exitCode === 0) return [];
    const lines = (end.message ?? "").trim().split("\n").filter(Boolean).slice(-3);
    return [`${c.name}: ${lines.length ? lines.join(" / ") : `${end.reason ?? "exited"} (exit code ${end.exitCode})`}`];
  });
}

export async function readDataJob(kube: Kube, { namespace, name }: JobRef): Promise<JobOutcome> {
  const job = await orNull(kube.batch.readNamespacedJob({ name, namespace }));
  if (!job) return { state: "missing" };
  const conditions = job.status?.conditions ?? [];
  if (conditions.some((c) => c.type === "Complete" && c.status === "True")) return { state: "succeeded" };
  const failed = conditions.find((c) => c.type === "Failed" && c.status === "True");
  if (!failed) return { state: "running" };
  const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: `job-name=${name}` });
  const reasons = pods.items.flatMap(containerFailures);
  const reason = reasons.length ? reasons.join("; ") : failed.message || failed.reason || "the Job failed";
  return { state: "failed", reason: reason.slice(0, 1000) };
}

/** Deletes the Job, its pod and its key Secret; what is gone already is fine. */
export async function removeDataJob(kube: Kube, { namespace, name }: JobRef): Promise<void> {
  await ignoreStatus(kube.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: "Background" }), 404);
  await ignoreStatus(kube.core.deleteNamespacedSecret({ name, namespace }), 404);
}
