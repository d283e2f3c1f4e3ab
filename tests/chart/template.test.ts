// Rendered-output tests of charts/woocommerce-store (helm template + helm lint; no cluster).
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { backupJob, backupLabels, restoreJob } from "@/lib/backups/job";
import { chartDir, find, helm, podSpecOf, template, templateError, type Manifest } from "./helm";

const R = "myshop";
let docs: Manifest[];
beforeAll(async () => {
  docs = await template(R);
});

const workloads = (): [Manifest, Manifest] => [find(docs, "Deployment", `${R}-wordpress`), find(docs, "StatefulSet", `${R}-mariadb`)];
const allContainers = () =>
  workloads().flatMap((w) => {
    const spec = podSpecOf(w);
    return [...(spec.initContainers ?? []), ...spec.containers].map((c) => ({ workload: w.metadata.name, c }));
  });

describe("helm lint", () => {
  it("passes in strict mode with the default values and with TLS + suspended", async () => {
    const lint = await helm(["lint", "--strict", chartDir]);
    expect(lint.stderr + lint.stdout).toContain("0 chart(s) failed");
    expect(lint.ok).toBe(true);
    const variant = await helm([
      "lint", "--strict", chartDir,
      "--set", "suspended=true,ingress.tls.enabled=true,ingress.tls.clusterIssuer=letsencrypt",
    ]);
    expect(variant.ok, variant.stderr + variant.stdout).toBe(true);
  });
});

describe("objects and names", () => {
  it("renders the contract's resources", () => {
    const kinds = docs.map((d) => `${d.kind}/${d.metadata.name}`).sort();
    expect(kinds).toEqual(
      [
        `ConfigMap/${R}-bootstrap`,
        `Deployment/${R}-wordpress`,
        `Ingress/${R}-wordpress`,
        `LimitRange/${R}`,
        `NetworkPolicy/${R}-allow-dns`,
        `NetworkPolicy/${R}-default-deny`,
        `NetworkPolicy/${R}-mariadb`,
        `NetworkPolicy/${R}-wordpress`,
        `PersistentVolumeClaim/${R}-wordpress`,
        `ResourceQuota/${R}`,
        `Secret/${R}-credentials`,
        `Service/${R}-mariadb`,
        `Service/${R}-wordpress`,
        `StatefulSet/${R}-mariadb`,
      ].sort(),
    );
    expect(docs.every((d) => !("namespace" in d.metadata)), "the chart never sets or creates a namespace").toBe(true);
  });

  it("labels every object (and pod template) with app.kubernetes.io/* and helm.sh/chart", () => {
    const chart = readFileSync(path.join(chartDir, "Chart.yaml"), "utf8");
    const version = /^version:\s*(\S+)/m.exec(chart)![1];
    const labelSets = [
      ...docs.map((d) => ({ what: `${d.kind}/${d.metadata.name}`, labels: d.metadata.labels ?? {} })),
      ...workloads().map((w) => ({ what: `${w.metadata.name} pod`, labels: w.spec.template.metadata.labels })),
    ];
    for (const { what, labels } of labelSets) {
      expect(labels, what).toMatchObject({
        "helm.sh/chart": `woocommerce-store-${version}`,
        "app.kubernetes.io/name": "woocommerce-store",
        "app.kubernetes.io/instance": R,
        "app.kubernetes.io/managed-by": "Helm",
      });
      expect(labels["app.kubernetes.io/version"], what).toBeTruthy();
    }
  });

  it("labels the MariaDB claim template only with what never changes (the API server refuses any change to it)", () => {
    const template = find(docs, "StatefulSet", `${R}-mariadb`).spec.volumeClaimTemplates[0].metadata.labels;
    expect(template).toEqual({
      "app.kubernetes.io/name": "woocommerce-store",
      "app.kubernetes.io/instance": R,
      "app.kubernetes.io/part-of": "storefleet",
      "app.kubernetes.io/component": "mariadb",
    });
  });

  it("labels the components and selects pods by component", () => {
    const [wp, db] = workloads();
    expect(wp.spec.template.metadata.labels["app.kubernetes.io/component"]).toBe("wordpress");
    expect(db.spec.template.metadata.labels["app.kubernetes.io/component"]).toBe("mariadb");
    expect(wp.spec.selector.matchLabels["app.kubernetes.io/component"]).toBe("wordpress");
    expect(db.spec.selector.matchLabels["app.kubernetes.io/component"]).toBe("mariadb");
    expect(find(docs, "Service", `${R}-wordpress`).spec.selector).toEqual(wp.spec.selector.matchLabels);
    expect(find(docs, "Service", `${R}-mariadb`).spec.selector).toEqual(db.spec.selector.matchLabels);
  });
});

describe("WordPress Deployment", () => {
  it("uses Recreate, the RWO claim and the pinned images", () => {
    const wp = find(docs, "Deployment", `${R}-wordpress`);
    expect(wp.spec.strategy.type).toBe("Recreate");
    expect(wp.spec.replicas).toBe(1);
    const spec = podSpecOf(wp);
    expect(spec.volumes.find((v: { name: string }) => v.name === "html").persistentVolumeClaim.claimName).toBe(`${R}-wordpress`);
    expect(spec.containers[0].image).toBe("docker.io/library/wordpress:6.9.7-php8.2-apache");
    expect(find(docs, "PersistentVolumeClaim", `${R}-wordpress`).spec.accessModes).toEqual(["ReadWriteOnce"]);
  });

  it("bootstraps the shop in init containers install-wordpress, wait-for-database, bootstrap", () => {
    const spec = podSpecOf(find(docs, "Deployment", `${R}-wordpress`));
    const init = spec.initContainers as { name: string; image: string; args?: string[]; command?: string[]; env: { name: string; value?: string }[] }[];
    expect(init.map((c) => c.name)).toEqual(["install-wordpress", "wait-for-database", "bootstrap"]);
    // The chart's own install script, not an image's entrypoint.
    expect(init[0]!.command).toEqual(["sh", "/opt/storefleet/install-wordpress.sh"]);
    expect(init[2]!.image).toBe("docker.io/library/wordpress:cli-2.12.0-php8.2");
    expect(init[2]!.command).toEqual(["sh", "/opt/storefleet/bootstrap.sh"]);
    const env = Object.fromEntries(init[2]!.env.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      HOME: "/tmp",
      STORE_URL: "https://myshop.stores.example.com",
      STORE_ADMIN_USER: "admin",
      STORE_ADMIN_PASSWORD_FILE: "/run/secrets/storefleet/admin-password",
      WOOCOMMERCE_VERSION: "10.2.4",
      WORDPRESS_DB_HOST: `${R}-mariadb:3306`,
      WORDPRESS_DB_PASSWORD_FILE: "/run/secrets/storefleet/mariadb-password",
    });
    // The ConfigMap carries the chart's scripts and wp-config.php unchanged, plus the product list.
    const cm = find(docs, "ConfigMap", `${R}-bootstrap`);
    for (const file of ["bootstrap.sh", "install-wordpress.sh", "wp-config.php"]) {
      expect(cm.data[file]).toBe(readFileSync(path.join(chartDir, "files", file), "utf8").trimEnd());
    }
    expect(cm.data["products.txt"].trim()).toBe("SF-TSHIRT|19.99|Storefleet T-Shirt");
  });

  it("probes: slow-first-boot startup probe, readiness with the public Host", () => {
    const c = podSpecOf(find(docs, "Deployment", `${R}-wordpress`)).containers[0];
    expect(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds).toBeGreaterThanOrEqual(300);
    expect(c.livenessProbe.httpGet.path).toBe("/wp-includes/images/blank.gif");
    expect(c.readinessProbe.httpGet.path).toBe("/wp-login.php");
    expect(c.readinessProbe.httpGet.httpHeaders).toEqual([
      { name: "Host", value: "myshop.stores.example.com" },
      { name: "X-Forwarded-Proto", value: "https" },
    ]);
  });

  it("suspended scales WordPress and MariaDB to 0 and keeps the volumes", async () => {
    const s = await template(R, { suspended: true });
    expect(find(s, "Deployment", `${R}-wordpress`).spec.replicas).toBe(0);
    const db = find(s, "StatefulSet", `${R}-mariadb`);
    expect(db.spec.replicas).toBe(0);
    expect(db.spec.persistentVolumeClaimRetentionPolicy.whenScaled).toBe("Retain");
    expect(find(s, "PersistentVolumeClaim", `${R}-wordpress`)).toBeTruthy();
  });

  it("paused stops WordPress alone (a restore in progress): MariaDB keeps running", async () => {
    const s = await template(R, { "wordpress.paused": true });
    expect(find(s, "Deployment", `${R}-wordpress`).spec.replicas).toBe(0);
    expect(find(s, "StatefulSet", `${R}-mariadb`).spec.replicas).toBe(1);
    expect(find(docs, "Deployment", `${R}-wordpress`).spec.replicas).toBe(1);
  });

  it("sets sizes and storage classes from values", async () => {
    const s = await template(R, {
      "wordpress.persistence": { size: "7Gi", storageClass: "fast" },
      "mariadb.persistence.size": "3Gi",
      "mariadb.persistence.storageClass": "db",
    });
    const pvc = find(s, "PersistentVolumeClaim", `${R}-wordpress`);
    expect(pvc.spec).toMatchObject({ storageClassName: "fast", resources: { requests: { storage: "7Gi" } } });
    const vct = find(s, "StatefulSet", `${R}-mariadb`).spec.volumeClaimTemplates[0];
    expect(vct.spec).toMatchObject({ storageClassName: "db", resources: { requests: { storage: "3Gi" } } });
  });
});

describe("security", () => {
  it("every pod runs as non-root with RuntimeDefault seccomp and no service account token", () => {
    for (const w of workloads()) {
      const spec = podSpecOf(w);
      expect(spec.securityContext, w.metadata.name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(spec.securityContext.runAsUser, w.metadata.name).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.hostNetwork ?? false).toBe(false);
      for (const v of spec.volumes) expect(v.hostPath, `${w.metadata.name} volume ${v.name}`).toBeUndefined();
    }
    const wp = podSpecOf(find(docs, "Deployment", `${R}-wordpress`));
    expect(wp.securityContext).toMatchObject({ runAsUser: 33, runAsGroup: 33, fsGroup: 33 });
    expect(wp.securityContext.sysctls).toEqual([{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }]);
    expect(podSpecOf(find(docs, "StatefulSet", `${R}-mariadb`)).securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999 });
  });

  it("every container, init containers included, is hardened (Pod Security restricted)", () => {
    const list = allContainers();
    expect(list.map(({ c }) => c.name).sort()).toEqual(["bootstrap", "install-wordpress", "mariadb", "wait-for-database", "wordpress"]);
    for (const { workload, c } of list) {
      const what = `${workload}/${c.name}`;
      expect(c.securityContext, what).toMatchObject({
        allowPrivilegeEscalation: false,
        privileged: false,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(c.securityContext.capabilities.add ?? [], what).toEqual([]);
      expect(c.securityContext.runAsUser ?? 1, what).not.toBe(0);
      expect(c.resources?.limits?.cpu && c.resources?.limits?.memory, `${what} limits`).toBeTruthy();
      expect(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${what} requests`).toBeTruthy();
      expect(c.image, what).not.toMatch(/bitnami|:latest$/);
    }
  });

  it("the Secret holds every generated key; containers get secrets only from files", () => {
    const secret = find(docs, "Secret", `${R}-credentials`);
    const keys = [
      "admin-password", "mariadb-root-password", "mariadb-password", "login-secret",
      "auth-key", "secure-auth-key", "logged-in-key", "nonce-key",
      "auth-salt", "secure-auth-salt", "logged-in-salt", "nonce-salt",
    ];
    expect(Object.keys(secret.data).sort()).toEqual([...keys].sort());
    const secrets = Object.values(secret.data as Record<string, string>).map((v) => Buffer.from(v, "base64").toString());
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(32);
    for (const { workload, c } of allContainers()) {
      for (const e of (c.env ?? []) as { name: string; value?: string; valueFrom?: unknown }[]) {
        const what = `${workload}/${c.name} env ${e.name}`;
        if (/PASSWORD|_KEY|SALT|SECRET/.test(e.name) && e.value !== undefined) {
          expect(e.name, `${what} holds a secret as a plain value`).toMatch(/_FILE$/);
          expect(e.value, what).toMatch(/^\/run\/secrets\/storefleet\//);
        }
        for (const s of secrets) expect(e.value ?? "", what).not.toContain(s);
      }
    }
    // Nothing secret in the rendered ConfigMap or in the chart's values.
    const cm = JSON.stringify(find(docs, "ConfigMap", `${R}-bootstrap`).data);
    for (const s of secrets) expect(cm).not.toContain(s);
    const values = readFileSync(path.join(chartDir, "values.yaml"), "utf8");
    expect(values).not.toMatch(/^\s*[a-zA-Z]*[pP]assword\s*:/m);
  });

  it("MariaDB reads its passwords from the mounted Secret", () => {
    const c = podSpecOf(find(docs, "StatefulSet", `${R}-mariadb`)).containers[0];
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env.MARIADB_PASSWORD_FILE).toBe("/run/secrets/storefleet/mariadb-password");
    expect(env.MARIADB_ROOT_PASSWORD_FILE).toBe("/run/secrets/storefleet/mariadb-root-password");
    expect(c.image).toBe("docker.io/library/mariadb:11.4");
  });

  it("WordPress gets the admin sign-in plugin, its store's name and the login secret as a file", () => {
    const c = podSpecOf(find(docs, "Deployment", `${R}-wordpress`)).containers[0];
    const env = Object.fromEntries(c.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({ STOREFLEET_STORE: R, STOREFLEET_ADMIN_USER: "admin", STOREFLEET_LOGIN_SECRET_FILE: "/run/secrets/storefleet/login-secret" });
    const files = find(docs, "ConfigMap", `${R}-bootstrap`).data;
    expect(files["storefleet-admin-login.php"]).toContain("Plugin Name: Storefleet admin sign-in");
  });
});

describe("quota and limits", () => {
  it("ResourceQuota caps cpu, memory, storage, claims and pods from values", async () => {
    const s = await template(R, { quota: { enabled: true, cpu: "3", memory: "6Gi", storage: "30Gi", ephemeralStorage: "3Gi", pods: 7, persistentVolumeClaims: 3 } });
    expect(find(s, "ResourceQuota", R).spec.hard).toEqual({
      "requests.cpu": "3",
      "limits.cpu": "3",
      "requests.memory": "6Gi",
      "limits.memory": "6Gi",
      "requests.storage": "30Gi",
      "requests.ephemeral-storage": "3Gi",
      "limits.ephemeral-storage": "3Gi",
      persistentvolumeclaims: "3",
      pods: "7",
    });
  });

  it("the default quota fits the chart's own pods and claims", () => {
    const hard = find(docs, "ResourceQuota", R).spec.hard;
    const cpu = (q: string) => (q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q));
    const mem = (q: string) => Number(/^\d+/.exec(q)![0]) * ({ Mi: 1, Gi: 1024 } as Record<string, number>)[q.replace(/^\d+/, "")]!;
    type Limited = { resources: { limits: Record<string, string> } };
    // A pod counts against the quota with the larger of its biggest init container and the sum of
    // its containers, as the API server computes it.
    const podLimit = (spec: { containers: Limited[]; initContainers?: Limited[] }, key: string, parse: (q: string) => number) =>
      Math.max(
        spec.containers.reduce((a, c) => a + parse(c.resources.limits[key]!), 0),
        ...(spec.initContainers ?? []).map((c) => parse(c.resources.limits[key]!)),
      );
    const sum = (key: string, parse: (q: string) => number) => workloads().reduce((a, w) => a + podLimit(podSpecOf(w), key, parse), 0);
    expect(sum("cpu", cpu)).toBeLessThanOrEqual(cpu(hard["limits.cpu"]));
    expect(sum("memory", mem)).toBeLessThanOrEqual(mem(hard["limits.memory"]));
    expect(sum("ephemeral-storage", mem)).toBeLessThanOrEqual(mem(hard["limits.ephemeral-storage"]));
    expect(mem("5Gi") + mem("5Gi")).toBeLessThanOrEqual(mem(hard["requests.storage"]));
  });

  it("LimitRange gives defaults to containers and caps claim size", () => {
    const lr = find(docs, "LimitRange", R).spec.limits;
    expect(lr).toEqual([
      {
        type: "Container",
        default: { cpu: "500m", memory: "512Mi", "ephemeral-storage": "256Mi" },
        defaultRequest: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "64Mi" },
      },
      { type: "PersistentVolumeClaim", max: { storage: "20Gi" } },
    ]);
  });
});

describe("node disk (ephemeral storage)", () => {
  it("every emptyDir has a sizeLimit and every container an ephemeral-storage request and limit", async () => {
    const s = await template(R, { "wordpress.tmpSizeLimit": "300Mi", "mariadb.tmpSizeLimit": "200Mi" });
    const tmp = (kind: string, name: string) =>
      podSpecOf(find(s, kind, name)).volumes.filter((v: { emptyDir?: object }) => "emptyDir" in v);
    expect(tmp("Deployment", `${R}-wordpress`)).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "300Mi" } }]);
    expect(tmp("StatefulSet", `${R}-mariadb`)).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "200Mi" } }]);
    for (const { workload, c } of allContainers()) {
      expect(c.resources.requests["ephemeral-storage"], `${workload}/${c.name}`).toBeTruthy();
      expect(c.resources.limits["ephemeral-storage"], `${workload}/${c.name}`).toBeTruthy();
    }
  });
});

describe("network policies", () => {
  const wpPods = { "app.kubernetes.io/name": "woocommerce-store", "app.kubernetes.io/instance": R, "app.kubernetes.io/component": "wordpress" };
  const dbPods = { ...wpPods, "app.kubernetes.io/component": "mariadb" };

  it("denies all ingress and egress by default", () => {
    expect(find(docs, "NetworkPolicy", `${R}-default-deny`).spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("allows DNS to kube-system on 53 UDP/TCP for every pod", () => {
    expect(find(docs, "NetworkPolicy", `${R}-allow-dns`).spec).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
          ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
        },
      ],
    });
  });

  it("WordPress: ingress only from the router's namespace; egress to MariaDB 3306 and HTTPS", async () => {
    const s = await template(R, { "networkPolicy.routerPods.namespaceLabels": { "kubernetes.io/metadata.name": "traefik" }, "networkPolicy.egress.extraCidrs": ["10.20.0.0/16"] });
    const np = find(s, "NetworkPolicy", `${R}-wordpress`).spec;
    expect(np.podSelector.matchLabels).toEqual(wpPods);
    expect(np.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } } }], ports: [{ protocol: "TCP", port: "http" }] },
    ]);
    expect(np.egress).toEqual([
      { to: [{ podSelector: { matchLabels: dbPods } }], ports: [{ protocol: "TCP", port: 3306 }] },
      {
        to: [
          { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"] } },
          { ipBlock: { cidr: "::/0", except: ["fc00::/7", "fe80::/10"] } },
        ],
        ports: [{ protocol: "TCP", port: 443 }],
      },
      { to: [{ ipBlock: { cidr: "10.20.0.0/16" } }] },
    ]);
    const noHttps = await template(R, { "networkPolicy.egress.allowHttps": false });
    expect(find(noHttps, "NetworkPolicy", `${R}-wordpress`).spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: dbPods } }], ports: [{ protocol: "TCP", port: 3306 }] },
    ]);
  });

  it("HTTPS egress never reaches the cluster's own ranges: the excluded CIDRs are configurable", async () => {
    const s = await template(R, { "networkPolicy.egress.excludeCidrs": ["10.96.0.0/12", "203.0.113.0/24", "fd00::/8"] });
    const https = find(s, "NetworkPolicy", `${R}-wordpress`).spec.egress.find((r: { ports?: { port: unknown }[] }) => r.ports?.[0]?.port === 443);
    expect(https.to).toEqual([
      { ipBlock: { cidr: "0.0.0.0/0", except: ["10.96.0.0/12", "203.0.113.0/24"] } },
      { ipBlock: { cidr: "::/0", except: ["fd00::/8"] } },
    ]);
    // Every default exclusion is a private, shared or link-local range; the API server's Service
    // address and the cloud metadata endpoint fall in them.
    const defaults = find(docs, "NetworkPolicy", `${R}-wordpress`).spec.egress[1].to[0].ipBlock.except as string[];
    expect(defaults).toContain("10.0.0.0/8");
    expect(defaults).toContain("169.254.0.0/16");
  });

  it("MariaDB: ingress only from this release's WordPress pods on 3306, no egress rule", () => {
    const np = find(docs, "NetworkPolicy", `${R}-mariadb`).spec;
    expect(np).toEqual({
      podSelector: { matchLabels: dbPods },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: wpPods } }], ports: [{ protocol: "TCP", port: 3306 }] }],
    });
  });

  it("backups: the Job's pods reach MariaDB and the object store only, and MariaDB admits them", async () => {
    expect(docs.filter((d) => d.metadata.name === `${R}-backup`)).toEqual([]);
    const s = await template(R, { "backup.enabled": true, "backup.objectStore.cidrs": ["10.97.0.1/32"], "backup.objectStore.port": 9390 });
    const np = find(s, "NetworkPolicy", `${R}-backup`).spec;
    // The selector is the Job's own pod labels (lib/backups/job.ts): one contract, both sides.
    const backupPods = Object.fromEntries(Object.entries(backupLabels(R, "b1")).filter(([k]) => k in np.podSelector.matchLabels));
    expect(np.podSelector.matchLabels).toEqual({ ...wpPods, "app.kubernetes.io/component": "backup" });
    expect(np.podSelector.matchLabels).toEqual(backupPods);
    expect(np.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np.ingress).toBeUndefined();
    expect(np.egress).toEqual([
      { to: [{ podSelector: { matchLabels: dbPods } }], ports: [{ protocol: "TCP", port: 3306 }] },
      { to: [{ ipBlock: { cidr: "10.97.0.1/32" } }], ports: [{ protocol: "TCP", port: 9390 }] },
    ]);
    expect(find(s, "NetworkPolicy", `${R}-mariadb`).spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: wpPods } },
      { podSelector: { matchLabels: backupPods } },
    ]);
    // The Job runs the chart's scripts: the ConfigMap it mounts holds them.
    const scripts = find(s, "ConfigMap", `${R}-backup`).data;
    expect(Object.keys(scripts).sort()).toEqual(["backup-archive.sh", "backup-dump.sh", "backup-upload.sh", "restore-database.sh", "restore-fetch.sh", "restore-files.sh"]);
    const spec = { slug: R, backupId: "b1", values: { images: { wordpress: { repository: "w", tag: "1" }, mariadb: { repository: "m", tag: "1" }, s3client: { repository: "s", tag: "1" } }, mariadb: { database: "wordpress", user: "wordpress" }, wordpress: {} }, objectStore: { endpoint: "http://10.97.0.1:9390", bucket: "b", region: "r" }, timeoutSeconds: 60 };
    const job = backupJob(spec);
    expect(job.spec!.template.spec!.volumes!.find((v) => v.name === "scripts")!.configMap!.name).toBe(`${R}-backup`);
    const restore = restoreJob({ ...spec, backupId: "b1" });
    for (const c of [...job.spec!.template.spec!.containers, ...restore.spec!.template.spec!.containers]) expect(Object.keys(scripts)).toContain(c.command![1]!.split("/").pop());
  });

  it("can be turned off", async () => {
    const s = await template(R, { "networkPolicy.enabled": false });
    expect(s.filter((d) => d.kind === "NetworkPolicy")).toEqual([]);
  });
});

describe("ingress", () => {
  it("defaults the host to store.url's host, no TLS", () => {
    const ing = find(docs, "Ingress", `${R}-wordpress`);
    expect(ing.spec.rules[0].host).toBe("myshop.stores.example.com");
    expect(ing.spec.rules[0].http.paths[0].backend.service).toEqual({ name: `${R}-wordpress`, port: { name: "http" } });
    expect(ing.spec.tls).toBeUndefined();
  });

  it("sets class, annotations, TLS secret and the cert-manager cluster issuer", async () => {
    const s = await template(R, {
      "route.host": "shop.example.org",
      ingress: {
        className: "nginx",
        annotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "64m" },
        tls: { enabled: true, secretName: "", clusterIssuer: "letsencrypt-prod" },
      },
    });
    const ing = find(s, "Ingress", `${R}-wordpress`);
    expect(ing.spec.ingressClassName).toBe("nginx");
    expect(ing.metadata.annotations).toEqual({
      "nginx.ingress.kubernetes.io/proxy-body-size": "64m",
      "cert-manager.io/cluster-issuer": "letsencrypt-prod",
    });
    expect(ing.spec.tls).toEqual([{ hosts: ["shop.example.org"], secretName: `${R}-tls` }]);
    expect(ing.spec.rules[0].host).toBe("shop.example.org");
    const own = await template(R, { "ingress.tls": { enabled: true, secretName: "my-cert", clusterIssuer: "" } });
    const ing2 = find(own, "Ingress", `${R}-wordpress`);
    expect(ing2.spec.tls[0].secretName).toBe("my-cert");
    expect(ing2.metadata.annotations).toBeUndefined();
  });

  it("is left out in the other route modes", async () => {
    for (const mode of ["gateway", "none"]) {
      const s = await template(R, { "route.mode": mode });
      expect(s.some((d) => d.kind === "Ingress"), mode).toBe(false);
    }
    expect((await template(R, { "route.mode": "none" })).some((d) => d.kind === "HTTPRoute")).toBe(false);
  });
});

describe("Gateway API route", () => {
  it("attaches an HTTPRoute for the store's host to the configured Gateway, with no TLS of its own", async () => {
    const s = await template(R, { "route.mode": "gateway" });
    const route = find(s, "HTTPRoute", `${R}-wordpress`);
    expect(route.apiVersion).toBe("gateway.networking.k8s.io/v1");
    expect(route.spec).toEqual({
      parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "storefleet", namespace: "storefleet-gateway" }],
      hostnames: ["myshop.stores.example.com"],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: `${R}-wordpress`, port: 80 }] }],
    });
    expect(route.metadata.labels?.["app.kubernetes.io/component"]).toBe("wordpress");
  });

  it("names another Gateway, a listener of it, and lets in only the router's pods", async () => {
    const s = await template(R, {
      "route.mode": "gateway",
      "route.host": "shop.example.org",
      "route.gateway.parentRefs": [{ name: "public", namespace: "edge", sectionName: "https" }],
      "networkPolicy.routerPods": { namespaceLabels: { "kubernetes.io/metadata.name": "edge" }, podLabels: { "app.kubernetes.io/name": "envoy" } },
    });
    const route = find(s, "HTTPRoute", `${R}-wordpress`);
    expect(route.spec.parentRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "edge", sectionName: "https" }]);
    expect(route.spec.hostnames).toEqual(["shop.example.org"]);
    expect(find(s, "NetworkPolicy", `${R}-wordpress`).spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "edge" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "envoy" } } },
    ]);
  });
});

describe("custom domains (route.extraHosts)", () => {
  const hosts = ["shop.example.org", "www.shop.example.org"];
  it("are served by the HTTPRoute, and by the Ingress with the store's certificate", async () => {
    const gw = await template(R, { "route.mode": "gateway", "route.extraHosts": hosts });
    expect(find(gw, "HTTPRoute", `${R}-wordpress`).spec.hostnames).toEqual(["myshop.stores.example.com", ...hosts]);
    const ing = find(await template(R, { "route.mode": "ingress", "route.extraHosts": hosts, "ingress.tls": { enabled: true, clusterIssuer: "letsencrypt" } }), "Ingress", `${R}-wordpress`);
    expect(ing.spec.rules.map((r: { host: string }) => r.host)).toEqual(["myshop.stores.example.com", ...hosts]);
    expect(ing.spec.tls).toEqual([{ hosts: ["myshop.stores.example.com", ...hosts], secretName: `${R}-tls` }]);
    expect(ing.metadata.annotations?.["cert-manager.io/cluster-issuer"]).toBe("letsencrypt");
  });

  it("reach WordPress, which builds its links with one of them only when asked for it", async () => {
    const s = await template(R, { "route.extraHosts": hosts });
    const env = podSpecOf(find(s, "Deployment", `${R}-wordpress`)).containers[0].env as { name: string; value?: string }[];
    expect(env.find((e) => e.name === "STOREFLEET_EXTRA_HOSTS")?.value).toBe(hosts.join(","));
    expect(env.find((e) => e.name === "WORDPRESS_CONFIG_EXTRA")?.value).toContain("define('WP_HOME', storefleet_home('https://myshop.stores.example.com'));");
    const none = podSpecOf(find(docs, "Deployment", `${R}-wordpress`)).containers[0].env as { name: string; value?: string }[];
    expect(none.find((e) => e.name === "STOREFLEET_EXTRA_HOSTS")?.value).toBe("");
  });

  it("must be host names", async () => {
    for (const bad of [["--exec=x"], ["Shop.Example.org"], ["localhost"], ["shop.example.org/path"]]) {
      expect(await templateError(R, { "route.extraHosts": bad }), String(bad)).toContain("/route/extraHosts/0");
    }
  });
});

describe("values schema and slug checks", () => {
  it.each([
    ["ab", "release name \"ab\" is not a valid store slug"],
    ["this-slug-is-much-too-long-for-a-store", "is not a valid store slug"],
    ["my.shop", "is not a valid store slug"],
  ])("rejects the release name %s", async (release, message) => {
    expect(await templateError(release)).toContain(message);
  });

  it("rejects Helm-invalid release names", async () => {
    expect(await templateError("Bad_Slug")).toMatch(/invalid release name|not a valid store slug/i);
  });

  it.each([
    [{ "store.url": "myshop.example.com" }, "/store/url"],
    [{ "store.url": "https://myshop.example.com/" }, "/store/url"],
    [{ "store.url": "https://My_Shop.example.com" }, "/store/url"],
    [{ "route.host": "https://shop.example.com" }, "/route/host"],
    [{ "route.host": "Shop.Example.com" }, "/route/host"],
    [{ "route.mode": "nginx" }, "/route/mode"],
    [{ "route.gateway.parentRefs": [] }, "/route/gateway/parentRefs"],
    [{ "route.gateway.parentRefs": [{ name: "gw" }] }, "/route/gateway/parentRefs/0"],
    [{ "route.gateway.parentRefs": [{ name: "gw", namespace: "Bad_NS" }] }, "/route/gateway/parentRefs/0/namespace"],
    [{ "wordpress.persistence.size": "10GB" }, "/wordpress/persistence/size"],
    [{ "mariadb.persistence.size": "lots" }, "/mariadb/persistence/size"],
    [{ "quota.storage": "-1Gi" }, "/quota/storage"],
    [{ "quota.cpu": "four" }, "/quota/cpu"],
    [{ "store.currency": "usd" }, "/store/currency"],
    [{ "store.address.country": "USA" }, "/store/address/country"],
    [{ "store.products": [{ name: "X", sku: "bad sku", price: "1" }] }, "/store/products/0/sku"],
    [{ "store.products": [{ name: "Pipe|Name", sku: "P1", price: "1" }] }, "/store/products/0/name"],
    [{ "store.adminEmail": "not-an-email" }, "/store/adminEmail"],
    [{ "networkPolicy.routerPods.namespaceLabels": { tier: "bad value!" } }, "/networkPolicy/routerPods/namespaceLabels/tier"],
    [{ "networkPolicy.routerPods.podLabels": { app: "bad value!" } }, "/networkPolicy/routerPods/podLabels/app"],
    [{ "woocommerce.version": "latest" }, "/woocommerce/version"],
    [{ suspended: "yes" }, "/suspended"],
  ])("rejects %j with a message naming %s", async (values, where) => {
    const err = await templateError(R, values);
    expect(err).toContain("values don't meet the specifications of the schema");
    expect(err).toContain(`at '${where}'`);
  });

  it("rejects unknown keys (typos) at every level", async () => {
    expect(await templateError(R, { "store.dispalyName": "x" })).toMatch(/additional properties? 'dispalyName' not allowed/);
    expect(await templateError(R, { wordpres: {} })).toMatch(/additional properties? 'wordpres' not allowed/);
    expect(await templateError(R, { "quota.cpus": "1" })).toMatch(/additional properties? 'cpus' not allowed/);
  });

  it("documents every value with a # -- comment (on the value or on its parent block)", () => {
    const lines = readFileSync(path.join(chartDir, "values.yaml"), "utf8").split("\n");
    const indent = (l: string) => /^\s*/.exec(l)![0].length;
    const hasDoc = (i: number) => {
      let j = i - 1;
      while (j >= 0 && /^\s*#(?! --)/.test(lines[j]!)) j--;
      return /^\s*# -- /.test(lines[j] ?? "");
    };
    const documented = (i: number): boolean => {
      if (hasDoc(i)) return true;
      for (let j = i - 1; j >= 0; j--) {
        const l = lines[j]!;
        if (/^\s*(#|$)/.test(l) || /^\s*- /.test(l)) continue;
        if (indent(l) < indent(lines[i]!)) return documented(j);
      }
      return false;
    };
    const undocumented: string[] = [];
    lines.forEach((line, i) => {
      const m = /^(\s*)([A-Za-z]\w*):\s*(\S.*)?$/.exec(line);
      if (m?.[3] && !documented(i)) undocumented.push(m[2]!);
    });
    expect(undocumented).toEqual([]);
  });
});
