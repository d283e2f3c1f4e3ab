// Kubernetes API clients for the worker (loaded from KUBECONFIG or the in-cluster account).
import http from "node:http";
import https from "node:https";
import * as k8s from "@kubernetes/client-node";

export { k8s };

export interface Kube {
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  batch: k8s.BatchV1Api;
  net: k8s.NetworkingV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
  storage: k8s.StorageV1Api;
  authz: k8s.AuthorizationV1Api;
  watch: k8s.Watch;
}

export function createKube(kc = loadKubeConfig()): Kube {
  reuseConnections(kc);
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    net: kc.makeApiClient(k8s.NetworkingV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    storage: kc.makeApiClient(k8s.StorageV1Api),
    authz: kc.makeApiClient(k8s.AuthorizationV1Api),
    watch: new k8s.Watch(kc),
  };
}

export function loadKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault(); // KUBECONFIG, ~/.kube/config, or the pod's service account
  return kc;
}

type AgentFactory = (cluster: k8s.Cluster | null, options: https.AgentOptions) => http.Agent;

/** Free connections to the API server are closed after this long unused. */
const IDLE_CONNECTION_MS = 15_000;

const reusing = new WeakSet<k8s.KubeConfig>();

/**
 * @kubernetes/client-node makes a new agent for every request, so every API call paid a TCP and
 * TLS handshake and built a new secure context: about a tenth of the worker's CPU while it
 * provisions stores. This keeps one keep-alive agent per cluster and set of TLS options (those
 * are read again for every request, so a rotated certificate still gets a new agent).
 */
function reuseConnections(kc: k8s.KubeConfig): void {
  if (reusing.has(kc)) return;
  reusing.add(kc);
  const target = kc as unknown as { createAgent: AgentFactory };
  const create = target.createAgent.bind(kc);
  const agents = new Map<string, http.Agent>();
  target.createAgent = (cluster, options) => {
    const values = Object.entries(options).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString("base64") : v]);
    const key = JSON.stringify([cluster?.server, cluster?.proxyUrl, values]);
    let agent = agents.get(key);
    if (!agent) agents.set(key, (agent = create(cluster, { ...options, timeout: options.timeout ?? IDLE_CONNECTION_MS, keepAlive: true })));
    return agent;
  };
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

/**
 * GET of a path as the API server's own JSON. The typed clients rename some fields (`from` becomes
 * `_from`), so whatever compares objects with their manifests reads them raw, as watches do.
 */
export async function getJson<T>(kc: k8s.KubeConfig, path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("No currently active cluster");
  const url = new URL(cluster.server + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
  const options: https.RequestOptions = { headers: { Accept: "application/json" } };
  await kc.applyToHTTPSOptions(options); // TLS agent and credentials, as the typed clients use
  const get = url.protocol === "https:" ? https.get : http.get;
  return new Promise<T>((resolve, reject) => {
    const req = get(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode === 200) return resolve(JSON.parse(body) as T);
        reject(Object.assign(new Error(`GET ${path}: HTTP ${res.statusCode} ${body.slice(0, 300)}`), { code: res.statusCode }));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}
