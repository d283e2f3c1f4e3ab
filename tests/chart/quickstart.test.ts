// What scripts/kind-up.sh applies, checked here where kind cannot run (no container engine): the
// kind config, Traefik's values and Storefleet's Gateway agree with each other and with
// charts/storefleet/values-local.yaml, and the API server accepts the Gateway (server-side dry
// run). The platform chart with values-local.yaml is installed by tests/chart/platform.test.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exec, repoRoot } from "./helm";

const read = (file: string) => parse(readFileSync(path.join(repoRoot, file), "utf8"));
const kindConfig = read("deploy/kind/kind-config.yaml");
const traefik = read("deploy/kind/traefik-values.yaml");
const gateway = read("deploy/kind/gateway.yaml");
const local = read("charts/storefleet/values-local.yaml");
const kubectl = (...args: string[]) => exec("kubectl", args);
const servesGatewayApi = (await kubectl("get", "--raw", "/apis/gateway.networking.k8s.io/v1")).ok;

describe("the kind quick start", () => {
  it("maps this machine's port 80 to the NodePort of Traefik's web entry point", () => {
    expect(kindConfig).toMatchObject({ kind: "Cluster", apiVersion: "kind.x-k8s.io/v1alpha4" });
    const mapping = kindConfig.nodes[0].extraPortMappings[0];
    expect(mapping).toMatchObject({ hostPort: 80, listenAddress: "127.0.0.1" });
    expect(traefik.service.type).toBe("NodePort");
    expect(traefik.ports.web.nodePort).toBe(mapping.containerPort);
    expect(traefik.providers.kubernetesGateway.enabled).toBe(true);
  });

  it("names the Gateway, its namespace and the router's namespace as values-local.yaml does", () => {
    expect(gateway.metadata).toEqual({ name: local.config.GATEWAY_NAME, namespace: local.config.GATEWAY_NAMESPACE });
    expect(local.config.ROUTER_NAMESPACE, "Traefik runs in the Gateway's namespace").toBe(gateway.metadata.namespace);
    expect(local.portal.httpRoute.parentRefs).toEqual([{ name: gateway.metadata.name, namespace: gateway.metadata.namespace }]);
    expect(gateway.spec.listeners[0]).toMatchObject({ protocol: "HTTP", port: 8000, allowedRoutes: { namespaces: { from: "All" } } });
    expect(local.config.NEXTAUTH_URL).toBe(`http://${local.portal.httpRoute.host}`);
  });

  it.skipIf(!servesGatewayApi)("has a Gateway the API server accepts", async () => {
    const namespace = gateway.metadata.namespace as string;
    const existed = (await kubectl("get", "namespace", namespace)).ok;
    if (!existed) expect((await kubectl("create", "namespace", namespace)).ok).toBe(true);
    try {
      const res = await kubectl("apply", "--dry-run=server", "-f", path.join(repoRoot, "deploy/kind/gateway.yaml"));
      expect(res.ok, res.stderr).toBe(true);
    } finally {
      if (!existed) await kubectl("delete", "namespace", namespace, "--wait=false");
    }
  });
});
