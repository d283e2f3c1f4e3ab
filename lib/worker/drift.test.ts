import { describe, expect, it } from "vitest";
import { describeDrift, findDrift, ownedFields, ownedStateOfManifest } from "./drift";

const manifest = `
---
# Source: woocommerce-store/templates/wordpress-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop-wordpress
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: wordpress
          image: wordpress:6.9
          resources:
            limits: { cpu: "1", memory: 1024Mi }
          readinessProbe:
            httpGet: { path: /wp-login.php, port: http }
      volumes:
        - name: credentials
          secret: { secretName: shop-credentials, defaultMode: 0440 }
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Secret
metadata: { name: shop-credentials }
---
apiVersion: v1
kind: Service
metadata: { name: shop-wordpress }
spec:
  selector: { app: wp }
  ports: [{ name: http, port: 80, targetPort: http }]
`;

/** What the API server gives back for the same objects: defaults added, quantities canonical. */
function liveOf(change: (d: any) => void = () => {}) {
  const deployment: any = {
    kind: "Deployment",
    metadata: { name: "shop-wordpress" },
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            {
              name: "wordpress",
              image: "wordpress:6.9",
              imagePullPolicy: "IfNotPresent",
              resources: { limits: { cpu: "1", memory: "1Gi" } },
              readinessProbe: { httpGet: { path: "/wp-login.php", port: "http", scheme: "HTTP" }, timeoutSeconds: 1, successThreshold: 1 },
            },
          ],
          volumes: [{ name: "credentials", secret: { secretName: "shop-credentials", defaultMode: 288 } }, { name: "tmp", emptyDir: {} }],
          restartPolicy: "Always",
        },
      },
    },
  };
  change(deployment);
  const service = { kind: "Service", metadata: { name: "shop-wordpress" }, spec: { clusterIP: "10.96.0.9", type: "ClusterIP", selector: { app: "wp" }, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] } };
  return { "Deployment/shop-wordpress": ownedFields(deployment), "Service/shop-wordpress": ownedFields(service) };
}

describe("drift", () => {
  const applied = ownedStateOfManifest(manifest);

  it("projects the watched kinds of a manifest, reading YAML as Helm and the API server do", () => {
    expect(Object.keys(applied).sort()).toEqual(["Deployment/shop-wordpress", "Service/shop-wordpress"]);
    const volumes = (applied["Deployment/shop-wordpress"] as any).template.spec.volumes;
    expect(volumes[0].secret.defaultMode).toBe(0o440);
  });

  it("finds none when the live objects only add defaults and canonical quantities", () => {
    expect(findDrift(applied, liveOf())).toEqual([]);
  });

  it("finds a Deployment scaled to 0 out of band", () => {
    const drift = findDrift(applied, liveOf((d) => (d.spec.replicas = 0)));
    expect(drift).toEqual([{ ref: "Deployment/shop-wordpress", path: "replicas", live: 0, applied: 1 }]);
    expect(describeDrift(drift)).toBe("Deployment shop-wordpress replicas 0 → 1");
  });

  it("finds changed images and resources, and a deleted object", () => {
    const live = liveOf((d) => {
      d.spec.template.spec.containers[0].image = "evil:latest";
      d.spec.template.spec.containers[0].resources.limits.cpu = "8";
    });
    delete (live as Record<string, unknown>)["Service/shop-wordpress"];
    const drift = findDrift(applied, live);
    expect(drift.map((d) => d.path)).toEqual(["template.spec.containers[0].image", "template.spec.containers[0].resources.limits.cpu", ""]);
    expect(describeDrift(drift)).toBe(
      "Deployment shop-wordpress containers[0].image evil:latest → wordpress:6.9; Deployment shop-wordpress containers[0].resources.limits.cpu 8 → 1; Service shop-wordpress was missing",
    );
  });

  it("finds an added list entry (a NetworkPolicy rule) as a change", () => {
    const np = { kind: "NetworkPolicy", metadata: { name: "np" }, spec: { ingress: [{ from: [{ namespaceSelector: {} }] }] } };
    const edited = { ...np, spec: { ingress: [...np.spec.ingress, { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] } };
    const drift = findDrift({ "NetworkPolicy/np": ownedFields(np) }, { "NetworkPolicy/np": ownedFields(edited) });
    expect(drift).toHaveLength(1);
    expect(describeDrift(drift)).toBe("NetworkPolicy np ingress was changed");
  });

  it("compares ConfigMaps by a digest of their data", () => {
    const cm = (script: string) => ownedFields({ kind: "ConfigMap", metadata: { name: "b" }, data: { "bootstrap.sh": script } });
    expect(findDrift({ "ConfigMap/b": cm("a") }, { "ConfigMap/b": cm("a") })).toEqual([]);
    expect(findDrift({ "ConfigMap/b": cm("a") }, { "ConfigMap/b": cm("b") })).toHaveLength(1);
  });
});
