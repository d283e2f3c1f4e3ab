// Which kind of route the worker gives stores. "auto" picks the Gateway API when the cluster
// serves HTTPRoutes (its CRDs are installed), else an Ingress; decided once at the worker's start,
// so every store of a running worker is routed the same way.
import { getJson, httpStatus, type Kube } from "@/lib/kube/client";
import type { RouteMode } from "./values";

interface ApiResourceList {
  resources?: { name: string }[];
}

/** Whether the API server serves gateway.networking.k8s.io/v1 HTTPRoutes (discovery, open to
 * every authenticated identity). */
export async function servesHttpRoutes(kube: Kube): Promise<boolean> {
  try {
    const list = await getJson<ApiResourceList>(kube.kc, "/apis/gateway.networking.k8s.io/v1");
    return (list.resources ?? []).some((r) => r.name === "httproutes");
  } catch (error) {
    if (httpStatus(error) === 404) return false;
    throw error;
  }
}

export async function resolveRouteMode(kube: Kube, configured: RouteMode | "auto"): Promise<RouteMode> {
  if (configured !== "auto") return configured;
  return (await servesHttpRoutes(kube)) ? "gateway" : "ingress";
}
