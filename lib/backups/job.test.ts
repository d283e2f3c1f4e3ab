import { describe, expect, it } from "vitest";
import { backupJob, backupLabels, jobSecret, restoreJob } from "./job";

const values = {
  images: {
    wordpress: { repository: "docker.io/library/wordpress", tag: "6.9.7-php8.2-apache" },
    mariadb: { repository: "docker.io/library/mariadb", tag: "11.4", pullPolicy: "IfNotPresent" },
    s3client: { repository: "docker.io/amazon/aws-cli", tag: "2.9.19" },
  },
  mariadb: { database: "wordpress", user: "wordpress" },
  wordpress: { nodeSelector: { pool: "stores" }, tolerations: [{ key: "stores", operator: "Exists" }] },
};
const objectStore = { endpoint: "https://s3.example.test", bucket: "backups", region: "eu-west-1" };
const job = backupJob({ slug: "shop-1", backupId: "cm0000000000000000000000a", values, objectStore, timeoutSeconds: 900 });
const pod = job.spec!.template.spec!;
const containers = [...pod.initContainers!, ...pod.containers];

describe("the backup Job", () => {
  it("runs once, in the store's namespace, under a deadline, named after the backup", () => {
    expect(job.metadata).toMatchObject({ name: "shop-1-backup-cm0000000000000000000000a", namespace: "store-shop-1" });
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 900 });
    expect(pod.restartPolicy).toBe("Never");
  });

  it("carries the labels the chart's NetworkPolicy and the database's admit (templates/backup.yaml)", () => {
    expect(job.spec!.template.metadata!.labels).toMatchObject({ "app.kubernetes.io/name": "woocommerce-store", "app.kubernetes.io/instance": "shop-1", "app.kubernetes.io/component": "backup" });
    expect(backupLabels("shop-1", "x")["app.kubernetes.io/part-of"]).toBeUndefined();
  });

  it("passes Pod Security restricted: non-root, no privilege, read-only roots, no token", () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 33, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.securityContext!.fsGroup).toBeUndefined();
    for (const c of containers) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
      expect(c.resources?.limits).toBeDefined();
    }
  });

  it("runs on WordPress's node, with WordPress's placement, and reads the store's volume read-only", () => {
    expect(pod.affinity!.podAffinity!.requiredDuringSchedulingIgnoredDuringExecution![0]).toMatchObject({
      labelSelector: { matchLabels: { "app.kubernetes.io/instance": "shop-1", "app.kubernetes.io/component": "wordpress" } },
      topologyKey: "kubernetes.io/hostname",
    });
    expect(pod.nodeSelector).toEqual({ pool: "stores" });
    expect(pod.tolerations).toEqual([{ key: "stores", operator: "Exists" }]);
    expect(pod.volumes!.find((v) => v.name === "site")).toEqual({ name: "site", persistentVolumeClaim: { claimName: "shop-1-wordpress", readOnly: true } });
    expect(pod.containers.find((c) => c.name === "archive")!.volumeMounts).toContainEqual({ name: "site", mountPath: "/site", readOnly: true });
  });

  it("uses the store's own images and the chart's scripts", () => {
    expect(Object.fromEntries(containers.map((c) => [c.name, c.image]))).toEqual({
      pipes: "docker.io/library/mariadb:11.4",
      dump: "docker.io/library/mariadb:11.4",
      archive: "docker.io/library/wordpress:6.9.7-php8.2-apache",
      upload: "docker.io/amazon/aws-cli:2.9.19",
    });
    expect(pod.volumes!.find((v) => v.name === "scripts")!.configMap!.name).toBe("shop-1-backup");
    expect(pod.containers.map((c) => c.command)).toEqual([["bash", "/opt/storefleet/backup-dump.sh"], ["bash", "/opt/storefleet/backup-archive.sh"], ["bash", "/opt/storefleet/backup-upload.sh"]]);
  });

  it("holds no secret in its spec: passwords and keys come from Secrets", () => {
    const env = containers.flatMap((c) => c.env ?? []);
    const fromSecrets = env.filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom!.secretKeyRef!.name, e.valueFrom!.secretKeyRef!.key]);
    expect(fromSecrets).toEqual([
      ["MYSQL_PWD", "shop-1-credentials", "mariadb-password"],
      ["AWS_ACCESS_KEY_ID", "shop-1-backup-cm0000000000000000000000a", "AWS_ACCESS_KEY_ID"],
      ["AWS_SECRET_ACCESS_KEY", "shop-1-backup-cm0000000000000000000000a", "AWS_SECRET_ACCESS_KEY"],
    ]);
    expect(env.find((e) => e.name === "OBJECT_PREFIX")!.value).toBe("stores/shop-1/cm0000000000000000000000a/");
    expect(env.find((e) => e.name === "S3_ENDPOINT")!.value).toBe("https://s3.example.test");
  });

  it("keeps the object store's keys in a Secret of its own, named like the Job", () => {
    const secret = jobSecret(job, { accessKeyId: "AK", secretAccessKey: "SK" });
    expect(secret.metadata).toMatchObject({ name: "shop-1-backup-cm0000000000000000000000a", namespace: "store-shop-1" });
    expect(secret.stringData).toEqual({ AWS_ACCESS_KEY_ID: "AK", AWS_SECRET_ACCESS_KEY: "SK" });
  });

  it("refuses values that name no image for a container", () => {
    expect(() => backupJob({ slug: "shop-1", backupId: "b", values: { ...values, images: {} }, objectStore, timeoutSeconds: 60 })).toThrow(/no mariadb image/);
  });
});

describe("the restore Job", () => {
  const restore = restoreJob({ slug: "shop-1", backupId: "cm0000000000000000000000a", values, objectStore, timeoutSeconds: 900 });
  const spec = restore.spec!.template.spec!;

  it("is named apart from the backup's, with the same labels but its operation", () => {
    expect(restore.metadata!.name).toBe("shop-1-rst-cm0000000000000000000000a");
    expect(restore.metadata!.name!.length).toBeLessThanOrEqual(63);
    expect(restore.spec!.template.metadata!.labels).toMatchObject({ "app.kubernetes.io/component": "backup", "storefleet.io/operation": "restore" });
  });

  it("fetches from the object store, replays the dump and replaces wp-content on the volume, mounted read-write", () => {
    expect(spec.containers.map((c) => [c.name, c.image, c.command![1]])).toEqual([
      ["fetch", "docker.io/amazon/aws-cli:2.9.19", "/opt/storefleet/restore-fetch.sh"],
      ["database", "docker.io/library/mariadb:11.4", "/opt/storefleet/restore-database.sh"],
      ["files", "docker.io/library/wordpress:6.9.7-php8.2-apache", "/opt/storefleet/restore-files.sh"],
    ]);
    expect(spec.volumes!.find((v) => v.name === "site")!.persistentVolumeClaim).toEqual({ claimName: "shop-1-wordpress", readOnly: false });
    expect(spec.containers.find((c) => c.name === "files")!.volumeMounts).toContainEqual({ name: "site", mountPath: "/site" });
    // WordPress is stopped during a restore: the pod goes where MariaDB runs.
    expect(spec.affinity!.podAffinity!.requiredDuringSchedulingIgnoredDuringExecution![0]!.labelSelector!.matchLabels).toMatchObject({ "app.kubernetes.io/component": "mariadb" });
    const env = spec.containers.flatMap((c) => c.env ?? []);
    expect(env.find((e) => e.name === "AWS_ACCESS_KEY_ID")!.valueFrom!.secretKeyRef!.name).toBe("shop-1-rst-cm0000000000000000000000a");
    expect(env.find((e) => e.name === "OBJECT_PREFIX")!.value).toBe("stores/shop-1/cm0000000000000000000000a/");
  });

  it("takes the volume's group, as WordPress's pod does, only where the volume's root is not already its (a backup never does)", () => {
    expect(spec.securityContext).toMatchObject({ runAsUser: 33, fsGroup: 33, fsGroupChangePolicy: "OnRootMismatch" });
    const backup = backupJob({ slug: "shop-1", backupId: "cm0000000000000000000000a", values, objectStore, timeoutSeconds: 900 });
    expect(backup.spec!.template.spec!.securityContext).not.toHaveProperty("fsGroup");
  });

  it("reads another store's objects for a clone, into this store's volume and database", () => {
    const clone = restoreJob({ slug: "shop-2", objectsOf: "shop-1", backupId: "cm0000000000000000000000a", values, objectStore, timeoutSeconds: 900 });
    const cloneSpec = clone.spec!.template.spec!;
    const env = cloneSpec.containers.flatMap((c) => c.env ?? []);
    expect(env.find((e) => e.name === "OBJECT_PREFIX")!.value).toBe("stores/shop-1/cm0000000000000000000000a/");
    expect(env.find((e) => e.name === "DB_HOST")!.value).toBe("shop-2-mariadb");
    expect(clone.metadata).toMatchObject({ name: "shop-2-rst-cm0000000000000000000000a", namespace: "store-shop-2" });
    expect(cloneSpec.volumes!.find((v) => v.name === "site")!.persistentVolumeClaim!.claimName).toBe("shop-2-wordpress");
  });
});
