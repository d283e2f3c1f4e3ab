// Proves charts/storefleet's RBAC and admission policies: with the worker's own token, the real
// worker (watch cache, passes, Helm 4) runs a store's whole life; the API server refuses the worker
// everything else; and the portal can read a store's credentials Secret through the RoleBinding the
// worker creates, and no other Secret. Setting up needs admin rights (the KUBECONFIG's identity);
// every assertion runs as a ServiceAccount token minted with the TokenRequest API, so the API
// server decides.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKube, type Kube } from "@/lib/kube/client";
import { ensureNamespace } from "@/lib/kube/store-objects";
import { backupJob, jobSecret } from "@/lib/backups/job";
import { readDataJob, removeDataJob, startDataJob } from "@/lib/kube/backup-jobs";
import { storeNamespace, storeObjects } from "@/lib/stores/cluster-objects";
import { chartValues, storeSpec } from "@/lib/worker/values";
import { loadChartDefaults, mergeValues } from "@/lib/worker/base-values";
import { namespaceGrants, PORTAL_BINDING, WORKER_BINDING } from "@/lib/worker/grants";
import { resetDatabase } from "../support/db";
import { core, errorText, k8s, kc, namespaces, rejectionOf, run, statusCode, uniqueName, waitFor } from "../support/kube";
import { createStore, events, namespaceGone, requestChange, requestResize, startWorker, testSettings, waitStore } from "../worker/helpers";

const ns = namespaces();
const dir = mkdtempSync(path.join(tmpdir(), "storefleet-rbac-"));
const rendered = path.join(dir, "rbac.yaml");
// A release name without "storefleet" in it gets the "-storefleet" suffix: names below follow
// the chart's fullname rule, and are unique so that parallel runs never share a ClusterRole.
const release = uniqueName("rbac").slice(0, 24);
const prefix = `${release}-storefleet`;
// A store namespace made directly (not through a store row) for the admission checks.
const slug = uniqueName("rbac").slice(0, 20);
const storeNs = storeNamespace(slug);
const storeLabels = { storeId: `store-id-${slug}`, ownerId: "rbac-owner", podSecurityLevel: "restricted" as const };
let home = ""; // namespace of the ServiceAccounts (where the chart would be installed)
let worker: Kube;
let workerKc: k8s.KubeConfig;
let portal: Kube;
let workerKubeconfigFile = "";
/** The grant settings charts/storefleet/templates/worker.yaml gives the worker. */
let grantSettings: { WORKER_SERVICE_ACCOUNT: string; WORKER_STORE_ROLE: string; PORTAL_SERVICE_ACCOUNT: string; PORTAL_CREDENTIALS_ROLE: string };

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

/** The API server's answer to a request that must be refused: its status code and message. */
async function refusal(call: Promise<unknown>): Promise<{ code: number | undefined; message: string }> {
  const err = await rejectionOf(call);
  return { code: statusCode(err), message: errorText(err) };
}

const DRY_RUN = "All"; // admission (RBAC and policies) runs; nothing is stored

/** A pod template the store chart would render: restricted, no token. `change` makes it bad. */
function deployment(name: string, change: (spec: k8s.V1PodSpec) => void): k8s.V1Deployment {
  const spec: k8s.V1PodSpec = {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 33, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: "c",
        image: "registry.k8s.io/pause:3.10",
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        resources: { limits: { cpu: "50m", memory: "32Mi", "ephemeral-storage": "64Mi" }, requests: { cpu: "10m", memory: "16Mi", "ephemeral-storage": "16Mi" } },
      },
    ],
  };
  change(spec);
  return {
    metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
  };
}

beforeAll(async () => {
  home = await ns.create("rbac");
  // Only the RBAC, policy and ServiceAccount templates: the Deployments need an image this
  // cluster cannot run.
  const yaml = await run("helm", [
    "template", release, "charts/storefleet", "--namespace", home,
    "--show-only", "templates/serviceaccounts.yaml", "--show-only", "templates/rbac.yaml",
    "--show-only", "templates/admission-policy.yaml",
  ]);
  writeFileSync(rendered, yaml);
  await run("kubectl", ["apply", "--namespace", home, "-f", rendered]);

  workerKc = tokenKubeConfig(await mintToken(`${prefix}-worker`));
  worker = createKube(workerKc);
  portal = createKube(tokenKubeConfig(await mintToken(`${prefix}-portal`)));
  workerKubeconfigFile = path.join(dir, "worker.kubeconfig");
  writeFileSync(workerKubeconfigFile, workerKc.exportConfig(), { mode: 0o600 });
  chmodSync(workerKubeconfigFile, 0o600);
  grantSettings = {
    WORKER_SERVICE_ACCOUNT: `${home}/${prefix}-worker`,
    WORKER_STORE_ROLE: `${prefix}-store-manager`,
    PORTAL_SERVICE_ACCOUNT: `${home}/${prefix}-portal`,
    PORTAL_CREDENTIALS_ROLE: `${prefix}-store-credentials-reader`,
  };
  // The API server loads admission policies asynchronously: wait until one refuses.
  await waitFor("the admission policies to be enforced", async () => {
    try {
      await worker.core.createNamespace({ body: { metadata: { name: uniqueName("not-a-store") } }, dryRun: DRY_RUN });
      return false;
    } catch (err) {
      return statusCode(err) === 403 && errorText(err).includes("store-<slug>");
    }
  });
});

afterAll(async () => {
  await core.deleteNamespace({ name: storeNs }).catch((err) => {
    if (statusCode(err) !== 404) throw err;
  });
  await run("kubectl", ["delete", "--namespace", home, "--ignore-not-found", "--wait=false", "-f", rendered]).catch(() => undefined);
  await ns.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("charts/storefleet RBAC and admission policies", () => {
  it("lets the worker run a store's whole life with its own token, and the portal read its credentials", async () => {
    // Sanity: the identity really is the ServiceAccount, not the admin.
    expect(await can(workerKc, { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterroles" })).toBe(false);

    // The real worker (watch cache, passes, Helm 4) with the worker's token, as the chart runs it.
    const running = startWorker(grantSettings, undefined, workerKc, workerKubeconfigFile);
    await resetDatabase();
    await running.start();
    try {
      const store = await createStore("rbac");
      const storeNamespaceName = storeNamespace(store.slug);
      await waitStore(store.id, "Ready", (s) => s.phase === "Ready", 180_000);
      const rbacApi = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
      expect((await rbacApi.readNamespacedRoleBinding({ name: PORTAL_BINDING, namespace: storeNamespaceName })).subjects).toEqual([
        { kind: "ServiceAccount", namespace: home, name: `${prefix}-portal` },
      ]);
      expect((await rbacApi.readNamespacedRoleBinding({ name: WORKER_BINDING, namespace: storeNamespaceName })).roleRef.name).toBe(`${prefix}-store-manager`);

      // The portal: the store's namespace (to check its owner label) and credentials, nothing else.
      expect((await portal.core.readNamespace({ name: storeNamespaceName })).metadata?.labels?.["storefleet.io/store-id"]).toBe(store.id);
      const secret = await portal.core.readNamespacedSecret({ name: `${store.slug}-credentials`, namespace: storeNamespaceName });
      expect(secret.data?.["admin-password"]).toBeTruthy();
      expect(statusCode(await rejectionOf(portal.core.listNamespacedSecret({ namespace: storeNamespaceName })))).toBe(403);
      await core.createNamespacedSecret({ namespace: home, body: { metadata: { name: "not-for-the-portal" }, stringData: { k: "v" } } });
      expect(statusCode(await rejectionOf(portal.core.readNamespacedSecret({ name: "not-for-the-portal", namespace: home })))).toBe(403);
      expect(statusCode(await rejectionOf(portal.core.listNamespace()))).toBe(403);
      // The store page's Logs: the store's pods listed and their logs read, nothing more.
      const pods = await portal.core.listNamespacedPod({ namespace: storeNamespaceName });
      expect(pods.items.length).toBeGreaterThan(0);
      expect(await can(portal.kc, { verb: "get", resource: "pods", subresource: "log", namespace: storeNamespaceName })).toBe(true);
      for (const review of [
        { verb: "watch", resource: "pods", namespace: storeNamespaceName },
        { verb: "get", resource: "pods", namespace: storeNamespaceName },
        { verb: "delete", resource: "pods", namespace: storeNamespaceName },
        { verb: "create", resource: "pods", subresource: "exec", namespace: storeNamespaceName },
        { verb: "create", resource: "pods", subresource: "attach", namespace: storeNamespaceName },
        { verb: "list", resource: "pods", namespace: home },
        { verb: "get", resource: "pods", subresource: "log", namespace: home },
      ]) {
        expect(await can(portal.kc, review), JSON.stringify(review)).toBe(false);
      }
      expect(statusCode(await rejectionOf(portal.core.listNamespacedPod({ namespace: home })))).toBe(403);
      // lib/platform/status.ts asks /version, which every authenticated identity may read.
      expect((await portal.kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion).toMatch(/^v1\./);

      // A backup Job as the backup runner starts it: the worker may create, read and remove it
      // (and its key Secret), and its pod is admitted (Pod Security restricted, the policies).
      const backupId = "cbackuprbac000000000000000";
      const values = mergeValues(loadChartDefaults("charts/woocommerce-store"), chartValues(storeSpec(store, "owner@example.test", "present"), testSettings()));
      const objectStore = { endpoint: "http://127.0.0.1:9", bucket: "backups", region: "us-east-1" };
      const job = backupJob({ slug: store.slug, backupId, values, objectStore, timeoutSeconds: 60 });
      await startDataJob(worker, jobSecret(job, { accessKeyId: "id", secretAccessKey: "secret" }), job);
      const jobName = storeObjects(store.slug).backupJob(backupId);
      const ref = { namespace: storeNamespaceName, name: jobName };
      await waitFor("the backup Job's pod to be admitted", async () => (await core.listNamespacedPod({ namespace: storeNamespaceName, labelSelector: `job-name=${jobName}` })).items.length > 0);
      expect(["running", "succeeded", "failed"]).toContain((await readDataJob(worker, ref)).state);
      await removeDataJob(worker, ref);
      expect(await readDataJob(worker, ref)).toEqual({ state: "missing" });
      expect(statusCode(await rejectionOf(core.readNamespacedSecret({ name: jobName, namespace: storeNamespaceName })))).toBe(404);
      // Resize: the worker reads its claims' StorageClass, re-makes the StatefulSet (delete with
      // its pod and claim orphaned, then Helm) and expands the MariaDB claim, all on its own rights.
      await requestResize(store.id, "small");
      const resized = await waitStore(store.id, "resized", (s) => ["Ready", "Failed"].includes(s.phase) && s.generation === s.observedGeneration, 180_000);
      expect([resized.phase, resized.statusMessage]).toEqual(["Ready", expect.any(String)]);
      const claim = await core.readNamespacedPersistentVolumeClaim({ name: storeObjects(store.slug).mariadbClaim, namespace: storeNamespaceName });
      expect(claim.spec?.resources?.requests?.storage).toBe("2Gi");

      // Suspend, resume and delete: Helm upgrades (server-side apply) and uninstalls, namespace gone.
      await requestChange(store.id, { desiredState: "suspended" });
      await waitStore(store.id, "Suspended", (s) => s.phase === "Suspended", 120_000);
      await requestChange(store.id, { desiredState: "present" });
      await waitStore(store.id, "Ready again", (s) => s.phase === "Ready" && s.generation === s.observedGeneration, 120_000);
      await requestChange(store.id, { desiredState: "absent" });
      await waitStore(store.id, "Deleted", (s) => s.phase === "Deleted", 180_000);
      expect(await namespaceGone(store.slug)).toBe(true);
      expect((await events(store.id)).filter((e) => e.state === "failed")).toEqual([]);
    } finally {
      await running.stop();
    }
  });

  it("RBAC refuses the worker everything beyond that, Secrets outside store namespaces included", async () => {
    const target = await ns.create("rbac-target");
    const denied: k8s.V1ResourceAttributes[] = [
      { verb: "get", resource: "secrets", namespace: "kube-system" },
      { verb: "list", resource: "secrets" },
      { verb: "get", resource: "secrets", namespace: target },
      { verb: "create", resource: "configmaps", namespace: target },
      { verb: "create", group: "apps", resource: "deployments", namespace: target },
      { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterrolebindings" },
      { verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
      { verb: "bind", group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "cluster-admin" },
      { verb: "bind", group: "rbac.authorization.k8s.io", resource: "clusterroles", name: "admin" },
      { verb: "create", group: "rbac.authorization.k8s.io", resource: "roles", namespace: target },
      { verb: "patch", group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: target },
      { verb: "delete", group: "rbac.authorization.k8s.io", resource: "rolebindings", namespace: target },
      { verb: "delete", resource: "nodes" },
      { verb: "list", resource: "nodes" },
      { verb: "create", resource: "pods", namespace: target },
      { verb: "create", resource: "pods", subresource: "exec", namespace: target },
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
      { verb: "delete", group: "admissionregistration.k8s.io", resource: "validatingadmissionpolicies" },
      { verb: "create", group: "storage.k8s.io", resource: "storageclasses" },
      // A resize reads one StorageClass by name; it may not list, change or delete any.
      { verb: "list", group: "storage.k8s.io", resource: "storageclasses" },
      { verb: "patch", group: "storage.k8s.io", resource: "storageclasses" },
      { verb: "delete", group: "storage.k8s.io", resource: "storageclasses" },
      // It expands claims and re-makes StatefulSets only in store namespaces (the store-manager role).
      { verb: "patch", resource: "persistentvolumeclaims", namespace: target },
      { verb: "delete", group: "apps", resource: "statefulsets", namespace: target },
    ];
    const allowedAnyway = [];
    for (const attrs of denied) if (await can(workerKc, attrs)) allowedAnyway.push(attrs);
    expect(allowedAnyway).toEqual([]);

    // The RoleBinding right is no way to more power: binding cluster-admin is refused.
    const r = await refusal(
      worker.rbac.createNamespacedRoleBinding({
        namespace: target,
        body: {
          metadata: { name: "escalate" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
          subjects: [{ kind: "ServiceAccount", namespace: home, name: `${prefix}-worker` }],
        },
      }),
    );
    expect(r.code).toBe(403);
  });

  it("the admission policies confine the worker's namespaces to store-<slug> with Storefleet's labels", async () => {
    const foreign = await ns.create("rbac-foreign"); // someone else's namespace
    const labels = { "app.kubernetes.io/managed-by": "storefleet", "storefleet.io/store-id": "x", "pod-security.kubernetes.io/enforce": "restricted" };
    const create = (name: string, l: Record<string, string>) => refusal(worker.core.createNamespace({ body: { metadata: { name, labels: l } }, dryRun: DRY_RUN }));
    const merge = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);

    expect(await create(uniqueName("shop"), labels)).toEqual({ code: 403, message: expect.stringContaining("only manage namespaces named store-<slug>") });
    expect((await create(uniqueName("store-x"), {})).message).toContain("labelled app.kubernetes.io/managed-by=storefleet");
    expect((await create(uniqueName("store-x"), { ...labels, "pod-security.kubernetes.io/enforce": "privileged" })).message).toContain(
      "Pod Security restricted or baseline",
    );

    // Taking over a namespace that is not its store's: relabelling or deleting it is refused...
    const adopt = await refusal(worker.core.patchNamespace({ name: foreign, body: { metadata: { labels } }, dryRun: DRY_RUN }, merge));
    expect(adopt).toEqual({ code: 403, message: expect.stringContaining("only manage namespaces named store-<slug>") });
    const foreignStore = `store-${uniqueName("foreign").slice(0, 30)}`;
    await core.createNamespace({ body: { metadata: { name: foreignStore, labels: { "storefleet.dev/test": "true" } } } });
    try {
      const relabel = await refusal(worker.core.patchNamespace({ name: foreignStore, body: { metadata: { labels } }, dryRun: DRY_RUN }, merge));
      expect(relabel.message).toContain("may not adopt a namespace");
      expect((await refusal(worker.core.deleteNamespace({ name: foreignStore, dryRun: DRY_RUN }))).message).toContain("labelled app.kubernetes.io/managed-by=storefleet");
      // ...and so is moving a store's namespace to another store id.
      await ensureNamespace(worker, slug, storeLabels, namespaceGrants(grantSettings));
      const steal = await refusal(worker.core.patchNamespace({ name: storeNs, body: { metadata: { labels: { "storefleet.io/store-id": "other" } } }, dryRun: DRY_RUN }, merge));
      expect(steal.message).toContain("may not adopt a namespace");
    } finally {
      await core.deleteNamespace({ name: foreignStore }).catch(() => undefined);
    }
  });

  it("the admission policies refuse dangerous pods, token Secrets, other bindings and exposed Services in a store namespace", async () => {
    await ensureNamespace(worker, slug, storeLabels, namespaceGrants(grantSettings));
    const namespace = storeNs;
    const create = (name: string, change: (s: k8s.V1PodSpec) => void) =>
      refusal(worker.apps.createNamespacedDeployment({ namespace, body: deployment(name, change), dryRun: DRY_RUN }));
    // The same template without a change is admitted: the refusals below are the changes' doing.
    await worker.apps.createNamespacedDeployment({ namespace, body: deployment("fine", () => {}), dryRun: DRY_RUN });

    const cases: [string, (s: k8s.V1PodSpec) => void, string][] = [
      ["privileged", (s) => (s.containers[0]!.securityContext = { privileged: true }), "may not run privileged"],
      ["host-network", (s) => (s.hostNetwork = true), "host's network, PID or IPC"],
      ["host-pid", (s) => (s.hostPID = true), "host's network, PID or IPC"],
      ["host-path", (s) => (s.volumes = [{ name: "root", hostPath: { path: "/" } }]), "may not mount hostPath"],
      ["token", (s) => (s.automountServiceAccountToken = true), "must not mount a service account token"],
      [
        "projected-token",
        (s) => (s.volumes = [{ name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } }]),
        "must not mount a service account token",
      ],
      ["other-account", (s) => (s.serviceAccountName = "builder"), "only use the namespace's default service account"],
      ["host-port", (s) => (s.containers[0]!.ports = [{ containerPort: 80, hostPort: 80 }]), "may not bind host ports"],
    ];
    for (const [name, change, message] of cases) {
      expect(await create(name, change), name).toEqual({ code: 403, message: expect.stringContaining(message) });
    }

    const tokenSecret = await refusal(
      worker.core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: "t", annotations: { "kubernetes.io/service-account.name": "default" } }, type: "kubernetes.io/service-account-token" },
        dryRun: DRY_RUN,
      }),
    );
    expect(tokenSecret.message).toContain("may not create service account token Secrets");

    const nodePort = await refusal(
      worker.core.createNamespacedService({ namespace, body: { metadata: { name: "np" }, spec: { type: "NodePort", ports: [{ port: 80 }] } }, dryRun: DRY_RUN }),
    );
    expect(nodePort.message).toContain("only create ClusterIP Services");

    const bind = (roleName: string, subject: k8s.RbacV1Subject, inNamespace = namespace) =>
      refusal(
        worker.rbac.createNamespacedRoleBinding({
          namespace: inNamespace,
          body: { metadata: { name: uniqueName("b") }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName }, subjects: [subject] },
          dryRun: DRY_RUN,
        }),
      );
    const stranger = { kind: "ServiceAccount", namespace: "default", name: "default" };
    expect((await bind(`${prefix}-store-manager`, stranger)).message).toContain("only bind the store-manager role to itself");
    expect((await bind(`${prefix}-store-credentials-reader`, stranger)).message).toContain("only bind the store-manager role to itself");
    // Its own role, but outside a store namespace: refused for the namespace.
    const outside = await ns.create("rbac-outside");
    const selfOutside = await bind(`${prefix}-store-manager`, { kind: "ServiceAccount", namespace: home, name: `${prefix}-worker` }, outside);
    expect(selfOutside).toEqual({ code: 403, message: expect.stringContaining("writes only in namespaces labelled") });
  });
});
