// The recent output of one container of a store's workload, read through the API server.
import type { Kube } from "./client";

export interface ContainerLog {
  pod: string;
  text: string;
}

/**
 * The last `lines` lines of `container` in the newest pod of `selector`, or null when no pod
 * runs. An init container that already ran still has its log; a restarted container's current
 * run is read (its previous run's last lines are on the timeline, as its termination message).
 */
export async function readContainerLog(kube: Kube, namespace: string, selector: string, container: string, lines: number): Promise<ContainerLog | null> {
  const pods = (await kube.core.listNamespacedPod({ namespace, labelSelector: selector })).items;
  const newest = pods.sort((a, b) => (b.metadata?.creationTimestamp?.getTime() ?? 0) - (a.metadata?.creationTimestamp?.getTime() ?? 0))[0];
  const name = newest?.metadata?.name;
  if (!name) return null;
  // A container that has not started yet has no log: the API server answers 400.
  const started = [...(newest.status?.initContainerStatuses ?? []), ...(newest.status?.containerStatuses ?? [])].some((c) => c.name === container && (c.state?.running || c.state?.terminated || c.lastState?.terminated));
  if (!started) return { pod: name, text: "" };
  const text = await kube.core.readNamespacedPodLog({ name, namespace, container, tailLines: lines, limitBytes: 256 * 1024 });
  return { pod: name, text: String(text ?? "") };
}
