// Which kind of route the worker gives stores. "auto" picks the Gateway API when the cluster
// serves HTTPRoutes and the configured Gateway exists, else an Ingress; decided once at the
// worker's start, so every store of a running worker is routed the same way (with several
// replicas, set STORE_ROUTE_MODE explicitly: replicas started at different times could decide
// differently).
import { getJson, httpStatus, type Kube } from "@/lib/kube/client";
import type { RouteMode } from "./values";

interface ApiResourceList {
  resources?: { name: string }[];
}

/** Whether the API server serves gateway.networking.k8s.io/v1 HTTPRoutes (discovery, open to
 * every authenticated identity) and the Gateway the stores would attach to exists. */
export async function gatewayReady(kube: Kube, gateway: { name: string; namespace: string }): Promise<boolean> {
  try {
    const list = await getJson<ApiResourceList>(kube.kc, "/apis/gateway.networking.k8s.io/v1");
    if (!(list.resources ?? []).some((r) => r.name === "httproutes")) return false;
    await getJson(kube.kc, `/apis/gateway.networking.k8s.io/v1/namespaces/${gateway.namespace}/gateways/${gateway.name}`);
    return true;
  } catch (error) {
    if (httpStatus(error) === 404) return false;
    throw error;
  }
}

export async function resolveRouteMode(kube: Kube, configured: RouteMode | "auto", gateway: { name: string; namespace: string }): Promise<RouteMode> {
  if (configured !== "auto") return configured;
  return (await gatewayReady(kube, gateway)) ? "gateway" : "ingress";
}
