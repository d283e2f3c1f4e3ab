// Proves charts/storefleet's RBAC: the worker's ClusterRole is enough for a whole store lifecycle
// (the worker's own Kubernetes code plus Helm 4 installing, upgrading and uninstalling
// charts/woocommerce-store), it is refused what it must not do, and the portal can read a store's
// credentials Secret through the RoleBinding the worker creates, and no other Secret.
// Setting up needs admin rights (the KUBECONFIG's identity); every assertion runs as a
// ServiceAccount token minted with the TokenRequest API, so the API server's RBAC decides.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { createHelm } from "@/lib/helm/cli";
import { createKube, type Kube } from "@/lib/kube/client";
import {
  deleteNamespace, ensureNamespace, namespaceState, namespaceWatchPaths, observeWorkloads, PORTAL_BINDING,
  warningEvents, workloadWatchPaths, type PortalAccess,
} from "@/lib/kube/store-objects";
import type { WatchTarget } from "@/lib/kube/watch";
import { storeNamespace, storeReleaseName } from "@/lib/stores/naming";
import { chartValues } from "@/lib/worker/values";
import { core, k8s, kc, namespaces, rejectionOf, run, statusCode, uniqueName, waitFor } from "../support/kube";

const ns = namespaces();
const dir = mkdtempSync(path.join(tmpdir(), "storefleet-rbac-"));
const rendered = path.join(dir, "rbac.yaml");
// A release name without "storefleet" in it gets the "-storefleet" suffix: names below follow
// the chart's fullname rule, and are unique so that parallel runs never share a ClusterRole.
const release = uniqueName("rbac").slice(0, 24);
const prefix = `${release}-storefleet`;
const slug = uniqueName("rbac").slice(0, 20);
const storeNs = storeNamespace(slug);
let home = ""; // namespace of the ServiceAccounts (where the chart would be installed)
let worker: Kube;
let workerKc: k8s.KubeConfig;
let portal: Kube;
let workerKubeconfigFile = "";
let portal_: PortalAccess;

// The settings the worker would have; only what chartValues reads matters here.
const settings = parseEnv({
  DATABASE_URL: "postgresql://unused@127.0.0.1/unused",
  AUTH_SECRET: "x".repeat(32),
  STORE_SIZES: JSON.stringify({ tiny: { label: "Tiny", cpu: "400m", memory: "512Mi", storage: "2Gi" } }),
});
const values = (suspended: boolean) =>
  chartValues({ slug, displayName: "RBAC shop", size: "tiny", ownerEmail: "rbac@example.test", suspended }, settings);

/** A kubeconfig for `token`, with the admin kubeconfig's server and CA. */
function tokenKubeConfig(token: string): k8s.KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the admin kubeconfig has no current cluster");
  const caData = cluster.caData ?? (cluster.caFile ? readFileSync(cluster.caFile).toString("base64") : undefined);
  const out = new k8s.KubeConfig();
  out.loadFromOptions({
    clusters: [{ name: "cluster", server: cluster.server, caData, skipTLSVerify: cluster.skipTLSVerify ?? false }],
    users: [{ name: "sa", token }],
    contexts: [{ name: "sa", cluster: "cluster", user: "sa" }],
    currentContext: "sa",
  });
  return out;
}

async function mintToken(serviceAccount: string): Promise<string> {
  const req = await core.createNamespacedServiceAccountToken({
    name: serviceAccount,
    namespace: home,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return req.status!.token;
}

/** Can the identity of `who` do this? Asked of the API server's authorizer (SelfSubjectAccessReview). */
async function can(who: k8s.KubeConfig, attrs: k8s.V1ResourceAttributes): Promise<boolean> {
  const review = await who.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: attrs } } });
  return review.status!.allowed;
}

/** Opens a watch like the worker does and lets the server end it after a second. */
function watchOnce(kube: Kube, t: WatchTarget): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    kube.watch
      .watch(t.path, { ...(t.query ?? {}), timeoutSeconds: 1 }, () => {}, (err) => (err ? reject(new Error(`watch ${t.path}: ${String(err)}`)) : resolve()))
      .catch(reject);
  });
}

beforeAll(async () => {
  home = await ns.create("rbac");
  // Only the RBAC and ServiceAccount templates: the Deployments need an image this cluster cannot run.
  const yaml = await run("helm", [
    "template", release, "charts/storefleet", "--namespace", home,
    "--show-only", "templates/serviceaccounts.yaml", "--show-only", "templates/rbac.yaml",
  ]);
  writeFileSync(rendered, yaml);
  await run("kubectl", ["apply", "--namespace", home, "-f", rendered]);

  workerKc = tokenKubeConfig(await mintToken(`${prefix}-worker`));
  worker = createKube(workerKc);
  portal = createKube(tokenKubeConfig(await mintToken(`${prefix}-portal`)));
  workerKubeconfigFile = path.join(dir, "worker.kubeconfig");
  writeFileSync(workerKubeconfigFile, workerKc.exportConfig(), { mode: 0o600 });
  chmodSync(workerKubeconfigFile, 0o600);
  portal_ = { namespace: home, serviceAccount: `${prefix}-portal`, clusterRole: `${prefix}-store-credentials-reader` };
});

afterAll(async () => {
  await core.deleteNamespace({ name: storeNs }).catch((err) => {
    if (statusCode(err) !== 404) throw err;
  });
  await run("kubectl", ["delete", "--namespace", home, "--ignore-not-found", "--wait=false", "-f", rendered]).catch(() => undefined);
  await ns.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("charts/storefleet RBAC", () => {
  it("lets the worker run a store's whole lifecycle, and the portal read its credentials", async () => {
    // Sanity: the identity really is the ServiceAccount, not the admin.
    expect(await can(workerKc, { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterroles" })).toBe(false);

    const labels = { storeId: "rbac-test", ownerId: "rbac-test", podSecurityLevel: "restricted" as const };
    await ensureNamespace(worker, slug, labels, portal_);
    // Someone strips a label: the next call fixes it (a patch) and finds the binding already there.
    await core.patchNamespace(
      { name: storeNs, body: [{ op: "remove", path: "/metadata/labels/pod-security.kubernetes.io~1enforce" }] },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.JsonPatch),
    );
    await ensureNamespace(worker, slug, labels, portal_);
    expect((await core.readNamespace({ name: storeNs })).metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(await namespaceState(worker, slug)).toBe("active");
    const binding = await kc.makeApiClient(k8s.RbacAuthorizationV1Api).readNamespacedRoleBinding({ name: PORTAL_BINDING, namespace: storeNs });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", namespace: home, name: `${prefix}-portal` }]);

    // Helm 4 as the worker runs it (lib/helm/cli.ts), with the token kubeconfig.
    const helm = createHelm(process.env.HELM_BIN ?? "helm", { ...process.env, KUBECONFIG: workerKubeconfigFile });
    const release = storeReleaseName(slug);
    await helm.upgradeInstall(release, "charts/woocommerce-store", storeNs, values(false), 120);
    await waitFor("the store to become ready", async () => (await observeWorkloads(worker, slug)).ready);
    expect((await helm.history(release, storeNs))?.at(-1)?.status).toBe("deployed");

    // Everything the worker reads and watches while following a rollout or a deletion.
    const view = await observeWorkloads(worker, slug);
    expect(view.steps.secrets).toBe(true);
    expect(view.pods.length).toBeGreaterThan(0);
    await warningEvents(worker, slug);
    for (const target of [...workloadWatchPaths(slug), ...namespaceWatchPaths(slug)]) await watchOnce(worker, target);

    // The portal: its store's credentials, and nothing else.
    const secret = await portal.core.readNamespacedSecret({ name: `${release}-credentials`, namespace: storeNs });
    expect(secret.data?.["admin-password"]).toBeTruthy();
    expect(statusCode(await rejectionOf(portal.core.listNamespacedSecret({ namespace: storeNs })))).toBe(403);
    await core.createNamespacedSecret({ namespace: home, body: { metadata: { name: "not-for-the-portal" }, stringData: { k: "v" } } });
    expect(statusCode(await rejectionOf(portal.core.readNamespacedSecret({ name: "not-for-the-portal", namespace: home })))).toBe(403);
    expect(statusCode(await rejectionOf(portal.core.listNamespace()))).toBe(403);
    // lib/platform/status.ts asks /version, which every authenticated identity may read.
    expect((await portal.kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion).toMatch(/^v1\./);

    // Suspend (an upgrade: server-side apply patches), then delete like the worker does.
    await helm.upgradeInstall(release, "charts/woocommerce-store", storeNs, values(true), 120);
    await waitFor("the store to scale down", async () => (await observeWorkloads(worker, slug)).scaledDown);
    await helm.uninstall(release, storeNs, 120);
    expect(await helm.history(release, storeNs)).toBeNull();
    await deleteNamespace(worker, slug);
    await waitFor("the store namespace to go", async () => (await namespaceState(worker, slug)) === "absent");
  });

  it("refuses the worker everything beyond that", async () => {
    const target = await ns.create("rbac-target");
    const denied: k8s.V1ResourceAttributes[] = [
      { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterrolebindings" },
      { verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "bind", group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "cluster-admin" },
      { verb: "create", group: "rbac.authorization.k8s.io", resource: "roles", namespace: target },
      { verb: "patch", group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: target },
      { verb: "delete", group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: target },
      { verb: "delete", resource: "nodes" },
      { verb: "list", resource: "nodes" },
      { verb: "create", resource: "pods", namespace: target },
      { verb: "create", resource: "pods", subresource: "exec", namespace: target },
      { verb: "get", resource: "pods", subresource: "log", namespace: target },
      { verb: "create", resource: "serviceaccounts", subresource: "token", namespace: target },
      { verb: "create", resource: "serviceaccounts", namespace: target },
      { verb: "impersonate", resource: "serviceaccounts" },
      { verb: "impersonate", resource: "users" },
      { verb: "update", group: "apps", resource: "deployments", namespace: target },
      { verb: "create", group: "apps", resource: "daemonsets", namespace: target },
      { verb: "create", group: "batch", resource: "jobs", namespace: target },
      { verb: "delete", resource: "persistentvolumes" },
      { verb: "create", group: "apiextensions.k8s.io", resource: "customresourcedefinitions" },
      { verb: "create", group: "admissionregistration.k8s.io", resource: "mutatingwebhookconfigurations" },
      { verb: "create", group: "storage.k8s.io", resource: "storageclasses" },
    ];
    const allowedAnyway = [];
    for (const attrs of denied) if (await can(workerKc, attrs)) allowedAnyway.push(attrs);
    expect(allowedAnyway).toEqual([]);

    // The RoleBinding right is only good for the credentials reader role: binding cluster-admin
    // (or any role with more than the worker holds) is refused by the API server.
    const err = await rejectionOf(
      worker.rbac.createNamespacedRoleBinding({
        namespace: target,
        body: {
          metadata: { name: "escalate" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
          subjects: [{ kind: "ServiceAccount", namespace: home, name: `${prefix}-worker` }],
        },
      }),
    );
    expect(statusCode(err)).toBe(403);

    // Known breadth, stated rather than hidden: namespaced rules are cluster-wide because store
    // namespaces appear at run time, so the worker can read Secrets in any namespace.
    expect(await can(workerKc, { verb: "get", resource: "secrets", namespace: "kube-system" })).toBe(true);
  });
});
