// The Kubernetes Job that makes one backup, in the store's own namespace, so the data never
// leaves the cluster through the portal or the worker. Three containers run at once and share an
// emptyDir holding two named pipes: "dump" (the store's MariaDB image) writes the gzip dump into
// one, "archive" (the store's WordPress image, the store's volume mounted read-only) the
// wp-content archive into the other, and "upload" (an AWS CLI image) streams both to the object
// store and writes the manifest last. The scripts are the chart's (templates/backup.yaml), so
// only ids, image names and the object store's address are set here; the object store's keys
// come from a Secret made for this Job alone. Pure: unit-tested in job.test.ts.
import type { V1Job, V1Secret } from "@kubernetes/client-node";
import { storeObjects } from "@/lib/stores/cluster-objects";
import type { Values } from "@/lib/worker/base-values";
import { backupPrefix } from "./layout";

export interface ObjectStoreAddress {
  endpoint: string;
  bucket: string;
  region: string;
}

export interface BackupJobSpec {
  slug: string;
  backupId: string;
  /** The store's chart values as the worker applied them (images, database name and user). */
  values: Values;
  objectStore: ObjectStoreAddress;
  timeoutSeconds: number;
}

/** What a backup pod may use, on top of the store's own pods: lib/worker/values.ts adds the
 * sum of the containers' limits to the namespace's quota when backups are on. */
export const BACKUP_POD_RESOURCES = {
  dump: { requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "16Mi" }, limits: { cpu: "200m", memory: "128Mi", "ephemeral-storage": "64Mi" } },
  archive: { requests: { cpu: "25m", memory: "32Mi", "ephemeral-storage": "16Mi" }, limits: { cpu: "100m", memory: "64Mi", "ephemeral-storage": "64Mi" } },
  upload: { requests: { cpu: "50m", memory: "96Mi", "ephemeral-storage": "16Mi" }, limits: { cpu: "200m", memory: "256Mi", "ephemeral-storage": "64Mi" } },
  // The pipes, the checksums and the AWS CLI's temporary files.
  scratch: "16Mi",
} as const;

const BACKUP_COMPONENT = "backup";
const BACKUP_ID_LABEL = "storefleet.io/backup-id";
const SCRIPTS = "/opt/storefleet";
const WORK = "/work";

interface Image {
  repository: string;
  tag: string;
  pullPolicy?: string;
}

function image(values: Values, name: "wordpress" | "mariadb" | "s3client"): Image {
  const img = (values.images as Record<string, Image> | undefined)?.[name];
  if (!img?.repository || !img.tag) throw new Error(`the chart values name no ${name} image`);
  return img;
}

/** Labels of the backup pod: the store's selector labels (so the chart's NetworkPolicy and the
 * database's admit it), its component, and which backup it is. Not `part-of: storefleet`: the
 * worker's store watches are not about backup pods. */
export function backupLabels(slug: string, backupId: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": "woocommerce-store",
    "app.kubernetes.io/instance": storeObjects(slug).release,
    "app.kubernetes.io/component": BACKUP_COMPONENT,
    "app.kubernetes.io/managed-by": "storefleet",
    [BACKUP_ID_LABEL]: backupId,
  };
}

/** The Secret holding the object store's keys for one Job, deleted with it. */
export function backupSecret(slug: string, backupId: string, keys: { accessKeyId: string; secretAccessKey: string }): V1Secret {
  const names = storeObjects(slug);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: names.backupJob(backupId), namespace: names.namespace, labels: backupLabels(slug, backupId) },
    type: "Opaque",
    stringData: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
  };
}

const securityContext = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

function container(name: "dump" | "archive" | "upload", img: Image, env: { name: string; value?: string; valueFrom?: object }[], mounts: { name: string; mountPath: string; readOnly?: boolean }[]) {
  return {
    name,
    image: `${img.repository}:${img.tag}`,
    imagePullPolicy: img.pullPolicy ?? "IfNotPresent",
    command: ["bash", `${SCRIPTS}/backup-${name}.sh`],
    env: [{ name: "WORK", value: WORK }, ...env],
    resources: BACKUP_POD_RESOURCES[name],
    securityContext,
    // A failed container's last log lines become its termination message, which the worker
    // reports without needing to read pod logs.
    terminationMessagePolicy: "FallbackToLogsOnError",
    volumeMounts: [{ name: "scripts", mountPath: SCRIPTS, readOnly: true }, { name: "work", mountPath: WORK }, ...mounts],
  };
}

export function backupJob(spec: BackupJobSpec): V1Job {
  const { slug, backupId, values, objectStore } = spec;
  const names = storeObjects(slug);
  const labels = backupLabels(slug, backupId);
  const mariadb = image(values, "mariadb");
  const wordpress = image(values, "wordpress");
  const db = values.mariadb as { database: string; user: string };
  // WordPress's node placement: the pod must be allowed where the affinity below sends it.
  const { nodeSelector, tolerations } = values.wordpress as { nodeSelector?: Record<string, string>; tolerations?: object[] };
  const secretKey = (secret: string, key: string) => ({ valueFrom: { secretKeyRef: { name: secret, key } } });
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: names.backupJob(backupId), namespace: names.namespace, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: spec.timeoutSeconds,
      // The worker deletes the Job once it has read the result; this only catches a Job it never
      // came back to.
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...(values.imagePullSecrets ? { imagePullSecrets: values.imagePullSecrets as object[] } : {}),
          // www-data, like WordPress: the archive reads files it wrote. No fsGroup: the store's
          // volume must not be re-owned.
          securityContext: { runAsNonRoot: true, runAsUser: 33, runAsGroup: 33, seccompProfile: { type: "RuntimeDefault" } },
          ...(nodeSelector ? { nodeSelector } : {}),
          ...(tolerations ? { tolerations } : {}),
          // The store's volume is ReadWriteOnce: the backup pod runs on WordPress's node.
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { "app.kubernetes.io/instance": names.release, "app.kubernetes.io/component": "wordpress" } }, topologyKey: "kubernetes.io/hostname" },
              ],
            },
          },
          initContainers: [
            {
              name: "pipes",
              image: `${mariadb.repository}:${mariadb.tag}`,
              imagePullPolicy: mariadb.pullPolicy ?? "IfNotPresent",
              command: ["mkfifo", `${WORK}/db.sql.gz`, `${WORK}/wp-content.tar.gz`],
              resources: BACKUP_POD_RESOURCES.archive,
              securityContext,
              volumeMounts: [{ name: "work", mountPath: WORK }],
            },
          ],
          containers: [
            container("dump", mariadb, [
              { name: "DB_HOST", value: names.mariadb },
              { name: "DB_NAME", value: db.database },
              { name: "DB_USER", value: db.user },
              { name: "MYSQL_PWD", ...secretKey(names.credentialsSecret, "mariadb-password") },
            ], []),
            container("archive", wordpress, [], [{ name: "site", mountPath: "/site", readOnly: true }]),
            container("upload", image(values, "s3client"), [
              { name: "S3_ENDPOINT", value: objectStore.endpoint },
              { name: "S3_BUCKET", value: objectStore.bucket },
              { name: "S3_REGION", value: objectStore.region },
              { name: "OBJECT_PREFIX", value: backupPrefix(slug, backupId) },
              { name: "STORE", value: slug },
              { name: "BACKUP", value: backupId },
              { name: "WORDPRESS_VERSION", value: wordpress.tag },
              { name: "MARIADB_VERSION", value: mariadb.tag },
              { name: "HOME", value: "/tmp" },
              { name: "AWS_ACCESS_KEY_ID", ...secretKey(names.backupJob(backupId), "AWS_ACCESS_KEY_ID") },
              { name: "AWS_SECRET_ACCESS_KEY", ...secretKey(names.backupJob(backupId), "AWS_SECRET_ACCESS_KEY") },
            ], [{ name: "tmp", mountPath: "/tmp" }]),
          ],
          volumes: [
            { name: "scripts", configMap: { name: names.backup } },
            { name: "work", emptyDir: { sizeLimit: BACKUP_POD_RESOURCES.scratch } },
            { name: "tmp", emptyDir: { sizeLimit: BACKUP_POD_RESOURCES.scratch } },
            { name: "site", persistentVolumeClaim: { claimName: names.wordpress, readOnly: true } },
          ],
        },
      },
    },
  };
}
