// Installs charts/woocommerce-store into the cluster KUBECONFIG names (the local KWOK env from
// `source scripts/kube/env.sh && bash scripts/kube/up.sh`, or any real cluster), the way the
// provisioning worker does: namespace store-<slug> with Pod Security labels, helm install,
// helm upgrade (generated secrets must not change), helm uninstall + namespace deletion.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir, exec, helm, setFlags } from "./helm";
import { waitFor } from "../support/kube";

const PSA_LEVEL = "restricted";
const slug = `t${Date.now().toString(36)}${randomBytes(2).toString("hex")}`.slice(0, 20);
const ns = `store-${slug}`;

async function kubectl(...args: string[]) {
  return exec("kubectl", args);
}
async function kubectlJson<T>(...args: string[]): Promise<T> {
  const res = await kubectl(...args, "-o", "json");
  if (!res.ok) throw new Error(`kubectl ${args.join(" ")}: ${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

const reachable = (await kubectl("get", "--raw", "/readyz")).ok;
const skipReason = reachable
  ? undefined
  : "no reachable cluster: run `source scripts/kube/env.sh && bash scripts/kube/up.sh` or point KUBECONFIG at one";

// The local test ground installs the Gateway API CRDs; a cluster named by KUBECONFIG may not have them.
const servesGatewayApi = reachable && (await kubectl("get", "--raw", "/apis/gateway.networking.k8s.io/v1")).ok;

type Secret = { data: Record<string, string> };
type PodList = {
  items: {
    metadata: { name: string; labels: Record<string, string> };
    spec: { initContainers?: { name: string }[] };
    status: { phase: string; conditions?: { type: string; status: string }[] };
  }[];
};

const values = {
  "store.displayName": "Install Test Shop",
  "store.url": `https://${slug}.stores.example.test`,
  "store.adminUser": "shopowner",
  "store.adminEmail": "owner@example.test",
  "wordpress.persistence.size": "1Gi",
  "mariadb.persistence.size": "1Gi",
};

describe.skipIf(!!skipReason)(`helm install into a real API server (${skipReason ?? ns})`, () => {
  let secretBefore: Secret;

  beforeAll(async () => {
    const create = await kubectl("create", "namespace", ns);
    expect(create.ok, create.stderr).toBe(true);
    const label = await kubectl(
      "label", "namespace", ns,
      `pod-security.kubernetes.io/enforce=${PSA_LEVEL}`,
      "pod-security.kubernetes.io/enforce-version=latest",
      `pod-security.kubernetes.io/warn=${PSA_LEVEL}`,
      "pod-security.kubernetes.io/warn-version=latest",
    );
    expect(label.ok, label.stderr).toBe(true);
  });

  afterAll(async () => {
    await helm(["uninstall", slug, "--namespace", ns, "--wait", "--timeout", "2m"]);
    await kubectl("delete", "namespace", ns, "--ignore-not-found", "--wait=false");
  });

  it("installs: every object admitted (Pod Security enforced), pods Ready", async () => {
    const res = await helm(["install", slug, chartDir, "--namespace", ns, "--wait", "--timeout", "5m", ...setFlags(values)]);
    expect(res.ok, res.stderr).toBe(true);
    expect(res.stderr + res.stdout).not.toMatch(/would violate PodSecurity|forbidden/i);

    const pods = await waitFor("2 Ready pods", async () => {
      const list = await kubectlJson<PodList>("get", "pods", "-n", ns);
      const ready = list.items.filter((p) => p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
      return ready.length === 2 && list;
    });
    const components = pods.items.map((p) => p.metadata.labels["app.kubernetes.io/component"]).sort();
    expect(components).toEqual(["mariadb", "wordpress"]);
    const wp = pods.items.find((p) => p.metadata.labels["app.kubernetes.io/component"] === "wordpress")!;
    expect(wp.spec.initContainers?.map((c) => c.name)).toEqual(["install-wordpress", "wait-for-database", "bootstrap"]);

    const deploy = await kubectlJson<{ status: { conditions: { type: string; status: string }[] } }>(
      "get", "deployment", `${slug}-wordpress`, "-n", ns,
    );
    expect(deploy.status.conditions.find((c) => c.type === "Available")?.status).toBe("True");

    const claims = await kubectlJson<{ items: { metadata: { name: string }; status: { phase: string } }[] }>("get", "pvc", "-n", ns);
    expect(claims.items.map((c) => `${c.metadata.name}:${c.status.phase}`).sort()).toEqual(
      [`data-${slug}-mariadb-0:Bound`, `${slug}-wordpress:Bound`].sort(),
    );

    const quota = await kubectlJson<{ status: { hard: Record<string, string>; used: Record<string, string> } }>(
      "get", "resourcequota", slug, "-n", ns,
    );
    expect(quota.status.hard.pods).toBe("10");
    expect(quota.status.used.persistentvolumeclaims).toBe("2");

    const policies = await kubectlJson<{ items: { metadata: { name: string } }[] }>("get", "networkpolicy", "-n", ns);
    expect(policies.items.map((p) => p.metadata.name).sort()).toEqual(
      [`${slug}-allow-dns`, `${slug}-default-deny`, `${slug}-mariadb`, `${slug}-wordpress`].sort(),
    );

    // The namespace really enforces the level: a privileged pod is refused there.
    const probe = await kubectl("run", "psa-probe", "-n", ns, "--image=busybox", "--privileged", "--dry-run=server");
    expect(probe.ok).toBe(false);
    expect(probe.stderr).toMatch(/violates PodSecurity "restricted/);

    secretBefore = await kubectlJson<Secret>("get", "secret", `${slug}-credentials`, "-n", ns);
    expect(Object.keys(secretBefore.data)).toHaveLength(12);
    expect(Buffer.from(secretBefore.data["login-secret"]!, "base64").toString()).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(Buffer.from(secretBefore.data["admin-password"]!, "base64").toString()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it("upgrades (new values, suspend and resume) without regenerating any secret", async () => {
    const up1 = await helm([
      "upgrade", slug, chartDir, "--namespace", ns, "--wait", "--timeout", "5m",
      ...setFlags({ ...values, "store.displayName": "Renamed Shop", suspended: true }),
    ]);
    expect(up1.ok, up1.stderr).toBe(true);
    const sts = await kubectlJson<{ spec: { replicas: number } }>("get", "statefulset", `${slug}-mariadb`, "-n", ns);
    expect(sts.spec.replicas).toBe(0);
    await waitFor("pods gone while suspended", async () => (await kubectlJson<PodList>("get", "pods", "-n", ns)).items.length === 0);
    const kept = await kubectlJson<{ items: unknown[] }>("get", "pvc", "-n", ns);
    expect(kept.items, "suspending keeps the volumes").toHaveLength(2);

    const up2 = await helm(["upgrade", slug, chartDir, "--namespace", ns, "--wait", "--timeout", "5m", ...setFlags(values)]);
    expect(up2.ok, up2.stderr).toBe(true);
    const after = await kubectlJson<Secret>("get", "secret", `${slug}-credentials`, "-n", ns);
    expect(after.data).toEqual(secretBefore.data);
    const history = await helm(["history", slug, "--namespace", ns, "-o", "json"]);
    expect((JSON.parse(history.stdout) as unknown[]).length).toBe(3);
  });

  it.skipIf(!servesGatewayApi)("switches to a Gateway API HTTPRoute that the API server accepts, and drops the Ingress", async () => {
    const up = await helm(["upgrade", slug, chartDir, "--namespace", ns, "--wait", "--timeout", "5m", ...setFlags({ ...values, "route.mode": "gateway" })]);
    expect(up.ok, up.stderr).toBe(true);
    const routes = await kubectlJson<{ items: { metadata: { name: string }; spec: { hostnames: string[]; parentRefs: { name: string }[] } }[] }>(
      "get", "httproutes.gateway.networking.k8s.io", "-n", ns,
    );
    expect(routes.items.map((r) => `${r.metadata.name} ${r.spec.hostnames.join()} -> ${r.spec.parentRefs.map((p) => p.name).join()}`)).toEqual([
      `${slug}-wordpress ${slug}.stores.example.test -> storefleet`,
    ]);
    expect((await kubectlJson<{ items: unknown[] }>("get", "ingress", "-n", ns)).items).toEqual([]);
  });

  it("uninstall + namespace deletion leave nothing behind (claims and volumes gone)", async () => {
    const pvsBefore = await kubectlJson<{ items: { metadata: { name: string }; spec: { claimRef?: { namespace: string } } }[] }>("get", "pv");
    expect(pvsBefore.items.filter((pv) => pv.spec.claimRef?.namespace === ns)).toHaveLength(2);

    const un = await helm(["uninstall", slug, "--namespace", ns, "--wait", "--timeout", "3m"]);
    expect(un.ok, un.stderr).toBe(true);
    await waitFor("claims deleted by uninstall", async () => (await kubectlJson<{ items: unknown[] }>("get", "pvc", "-n", ns)).items.length === 0);
    const left = await kubectl("get", "all,configmap,secret,ingress,networkpolicy,resourcequota,limitrange", "-n", ns, "-l", `app.kubernetes.io/instance=${slug}`, "-o", "name");
    expect(left.stdout.trim()).toBe("");

    const del = await kubectl("delete", "namespace", ns, "--wait=true", "--timeout=180s");
    expect(del.ok, del.stderr).toBe(true);
    await waitFor("namespace gone", async () => !(await kubectl("get", "namespace", ns)).ok);
    await waitFor("volumes of the store gone", async () => {
      const pvs = await kubectlJson<{ items: { spec: { claimRef?: { namespace: string } } }[] }>("get", "pv");
      return pvs.items.every((pv) => pv.spec.claimRef?.namespace !== ns);
    });
  });
});
