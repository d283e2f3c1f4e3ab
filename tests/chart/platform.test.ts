// charts/storefleet with its two documented values files: values-local.yaml (one of each, the
// bundled PostgreSQL, generated secrets, the portal on the Gateway) and values-prod.yaml (external
// database, autoscaled portal, disruption budgets, NetworkPolicies). Rendered, then installed into
// the cluster KUBECONFIG names, in namespaces that enforce Pod Security "restricted".
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { exec, helm, repoRoot, type Manifest } from "./helm";
import { waitFor } from "../support/kube";

const chart = path.join(repoRoot, "charts/storefleet");
const valuesFile = (name: "local" | "prod") => path.join(chart, `values-${name}.yaml`);
const suffix = randomBytes(3).toString("hex");

async function render(name: "local" | "prod", namespace = "storefleet"): Promise<Manifest[]> {
  const res = await helm(["template", "sf", chart, "--namespace", namespace, "-f", valuesFile(name)]);
  if (!res.ok) throw new Error(res.stderr);
  return parseAllDocuments(res.stdout).map((d) => d.toJSON() as Manifest | null).filter((m): m is Manifest => !!m);
}
const find = (docs: Manifest[], kind: string, name: string) => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`${kind}/${name} not rendered`);
  return doc;
};
const kubectl = (...args: string[]) => exec("kubectl", args);

describe("values-local.yaml", () => {
  it("renders one portal and one worker on the bundled PostgreSQL, with generated secrets and the portal on the Gateway", async () => {
    const docs = await render("local");
    expect(find(docs, "Deployment", "sf-storefleet-portal").spec.replicas).toBe(1);
    expect(find(docs, "Deployment", "sf-storefleet-worker").spec.replicas).toBe(1);
    const postgres = find(docs, "StatefulSet", "sf-storefleet-postgresql");
    expect(postgres.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("2Gi");
    const env = find(docs, "Secret", "sf-storefleet-env");
    const url = Buffer.from(env.data.DATABASE_URL, "base64").toString();
    const password = Buffer.from(find(docs, "Secret", "sf-storefleet-postgresql").data.password, "base64").toString();
    expect(url).toBe(`postgresql://storefleet:${password}@sf-storefleet-postgresql:5432/storefleet`);
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(Buffer.from(env.data.AUTH_SECRET, "base64").toString()).toMatch(/^[A-Za-z0-9]{48}$/);
    const portal = find(docs, "Deployment", "sf-storefleet-portal").spec.template.spec;
    expect(portal.containers[0].envFrom[0]).toEqual({ secretRef: { name: "sf-storefleet-env" } });
    const route = find(docs, "HTTPRoute", "sf-storefleet-portal");
    expect(route.spec.hostnames).toEqual(["portal.localtest.me"]);
    expect(route.spec.parentRefs[0]).toMatchObject({ name: "storefleet", namespace: "storefleet-gateway" });
    expect(docs.filter((d) => ["HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"].includes(d.kind))).toEqual([]);
  });

  it("refuses to render without a Secret to read when PostgreSQL is not bundled", async () => {
    const res = await helm(["template", "sf", chart, "-f", valuesFile("local"), "--set", "postgresql.bundled.enabled=false"]);
    expect(res.ok).toBe(false);
    expect(res.stderr).toContain("existingSecret is required");
  });
});

describe("values-prod.yaml", () => {
  it("renders an autoscaled portal, two workers, disruption budgets and NetworkPolicies on an external database", async () => {
    const docs = await render("prod");
    expect(docs.some((d) => d.kind === "StatefulSet" || (d.kind === "Secret" && d.metadata.name.endsWith("-env")))).toBe(false);
    const portal = find(docs, "Deployment", "sf-storefleet-portal");
    expect(portal.spec.replicas, "the autoscaler owns the portal's replicas").toBeUndefined();
    expect(portal.spec.template.spec.containers[0].envFrom[0]).toEqual({ secretRef: { name: "storefleet-env" } });
    expect(find(docs, "HorizontalPodAutoscaler", "sf-storefleet-portal").spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(find(docs, "Deployment", "sf-storefleet-worker").spec.replicas).toBe(2);
    for (const c of ["portal", "worker"]) expect(find(docs, "PodDisruptionBudget", `sf-storefleet-${c}`).spec.maxUnavailable).toBe(1);
    expect(find(docs, "NetworkPolicy", "sf-storefleet-portal").spec.ingress[0].from[0].namespaceSelector.matchLabels).toEqual({
      "kubernetes.io/metadata.name": "envoy-gateway-system",
    });
    expect(find(docs, "HTTPRoute", "sf-storefleet-portal").spec.parentRefs[0]).toMatchObject({ name: "public", namespace: "gateways", sectionName: "https" });
    const config = find(docs, "ConfigMap", "sf-storefleet-config").data;
    expect(config).toMatchObject({ STORE_URL_SCHEME: "https", STORE_ROUTE_MODE: "gateway", GATEWAY_LISTENER: "https" });
  });
});

const reachable = (await kubectl("get", "--raw", "/readyz")).ok;
const servesGatewayApi = reachable && (await kubectl("get", "--raw", "/apis/gateway.networking.k8s.io/v1")).ok;

describe.skipIf(!reachable)("installed into a real API server", () => {
  const installs: { release: string; namespace: string }[] = [];
  afterAll(async () => {
    for (const { release, namespace } of installs) {
      await helm(["uninstall", release, "--namespace", namespace, "--wait", "--timeout", "2m"]);
      await kubectl("delete", "namespace", namespace, "--ignore-not-found", "--wait=false");
    }
  });

  /** First install: the namespace (Pod Security "restricted") and, for values-prod.yaml, the
   * Secret its operator creates beforehand; later calls upgrade. */
  async function install(name: "local" | "prod", extra: string[] = []) {
    const release = `sf${name}${suffix}`;
    const namespace = `storefleet-${name}-${suffix}`;
    if (!installs.some((i) => i.namespace === namespace)) {
      expect((await kubectl("create", "namespace", namespace)).ok).toBe(true);
      expect((await kubectl("label", "namespace", namespace, "pod-security.kubernetes.io/enforce=restricted")).ok).toBe(true);
      installs.push({ release, namespace });
      if (name === "prod") {
        const secret = await kubectl("create", "secret", "generic", "storefleet-env", "-n", namespace,
          "--from-literal=DATABASE_URL=postgresql://storefleet:x@db.example.com:5432/storefleet", `--from-literal=AUTH_SECRET=${randomBytes(32).toString("hex")}`);
        expect(secret.ok, secret.stderr).toBe(true);
      }
    }
    const routeOff = servesGatewayApi ? [] : ["--set", "portal.httpRoute.enabled=false"];
    const res = await helm(["upgrade", "--install", release, chart, "--namespace", namespace, "-f", valuesFile(name), "--wait", "--timeout", "4m", ...routeOff, ...extra]);
    expect(res.ok, res.stderr).toBe(true);
    expect(res.stderr + res.stdout).not.toMatch(/would violate PodSecurity/);
    return { release, namespace };
  }
  const secretData = async (namespace: string, name: string) =>
    JSON.parse((await kubectl("get", "secret", name, "-n", namespace, "-o", "json")).stdout).data as Record<string, string>;

  it("values-local.yaml: every pod admitted and Ready, the database on its claim, the generated secrets kept by an upgrade", async () => {
    const { release, namespace } = await install("local");
    const pods = await waitFor("3 Ready pods", async () => {
      const list = JSON.parse((await kubectl("get", "pods", "-n", namespace, "-o", "json")).stdout) as { items: { metadata: { labels: Record<string, string> }; status: { conditions?: { type: string; status: string }[] } }[] };
      const ready = list.items.filter((p) => p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
      return ready.length === 3 && ready;
    });
    expect(pods.map((p) => p.metadata.labels["app.kubernetes.io/component"]).sort()).toEqual(["portal", "postgresql", "worker"]);
    const claim = JSON.parse((await kubectl("get", "pvc", `data-${release}-storefleet-postgresql-0`, "-n", namespace, "-o", "json")).stdout);
    expect(claim.status.phase).toBe("Bound");
    const before = { env: await secretData(namespace, `${release}-storefleet-env`), db: await secretData(namespace, `${release}-storefleet-postgresql`) };
    await install("local", ["--set", "config.DEFAULT_STORE_QUOTA=5"]);
    expect(await secretData(namespace, `${release}-storefleet-env`)).toEqual(before.env);
    expect(await secretData(namespace, `${release}-storefleet-postgresql`)).toEqual(before.db);
  });

  it("values-prod.yaml: admitted with the Secret the operator made; autoscaler, budgets and policies in place", async () => {
    const { namespace } = await install("prod");
    const names = (await kubectl("get", "hpa,pdb,networkpolicy", "-n", namespace, "-o", "name")).stdout.trim().split("\n");
    const kinds = names.map((n) => n.split("/")[0]).sort();
    expect(kinds).toEqual([
      "horizontalpodautoscaler.autoscaling",
      "networkpolicy.networking.k8s.io",
      "networkpolicy.networking.k8s.io",
      "poddisruptionbudget.policy",
      "poddisruptionbudget.policy",
    ]);
  });
});
