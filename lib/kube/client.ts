// Kubernetes API clients for the worker (loaded from KUBECONFIG or the in-cluster account).
import * as k8s from "@kubernetes/client-node";

export { k8s };

export interface Kube {
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  net: k8s.NetworkingV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
  watch: k8s.Watch;
}

export function createKube(kc = loadKubeConfig()): Kube {
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    net: kc.makeApiClient(k8s.NetworkingV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    watch: new k8s.Watch(kc),
  };
}

export function loadKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault(); // KUBECONFIG, ~/.kube/config, or the pod's service account
  return kc;
}

export function httpStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

/** Returns null for a 404, rethrows anything else. */
export async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

export async function ignoreStatus(call: Promise<unknown>, ...codes: number[]): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!codes.includes(httpStatus(error) ?? -1)) throw error;
  }
}
