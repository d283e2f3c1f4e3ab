// The Kubernetes Jobs that move a store's data between its volumes and the object store, in the
// store's own namespace, so the data never passes through the portal or the worker. Three
// containers run at once and share an emptyDir holding two named pipes, one for the database
// dump and one for the wp-content archive:
// - backup: "dump" (the store's MariaDB image) and "archive" (the store's WordPress image, the
//   store's volume mounted read-only) write into the pipes; "upload" (an AWS CLI image) streams
//   both to the object store and writes the manifest last;
// - restore: "fetch" (the AWS CLI image) streams both from the object store into the pipes;
//   "database" replays the dump into MariaDB, and "files" (the volume mounted read-write, while
//   WordPress is stopped) replaces wp-content with the archive.
// The scripts are the chart's (templates/backup.yaml), so only ids, image names and the object
// store's address are set here; the object store's keys come from a Secret made for the Job
// alone. Pure: unit-tested in job.test.ts.
import type { V1Container, V1EnvVar, V1Job, V1Secret, V1VolumeMount } from "@kubernetes/client-node";
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
  /** The store whose backup it is, when not this one (a clone restores another store's backup). */
  objectsOf?: string;
  backupId: string;
  /** The store's chart values as the worker applied them (images, database name and user). */
  values: Values;
  objectStore: ObjectStoreAddress;
  timeoutSeconds: number;
}

type ContainerName = "dump" | "archive" | "upload" | "fetch" | "database" | "files";

const small = { requests: { cpu: "25m", memory: "32Mi", "ephemeral-storage": "16Mi" }, limits: { cpu: "100m", memory: "64Mi", "ephemeral-storage": "64Mi" } };
const client = { requests: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "16Mi" }, limits: { cpu: "200m", memory: "128Mi", "ephemeral-storage": "64Mi" } };
const awsCli = { requests: { cpu: "50m", memory: "96Mi", "ephemeral-storage": "16Mi" }, limits: { cpu: "200m", memory: "256Mi", "ephemeral-storage": "64Mi" } };

/** What a backup or restore pod may use, on top of the store's own pods: lib/worker/values.ts
 * adds the sum of a backup pod's limits to the namespace's quota when backups are on (a restore
 * pod's are the same, and it runs while WordPress is stopped). */
export const BACKUP_POD_RESOURCES = {
  dump: client,
  archive: small,
  upload: awsCli,
  // The pipes, the checksums and the AWS CLI's temporary files.
  scratch: "16Mi",
} as const;

const RESOURCES: Record<ContainerName, typeof small> = { dump: client, archive: small, upload: awsCli, fetch: awsCli, database: client, files: small };

const COMPONENT = "backup";
const BACKUP_ID_LABEL = "storefleet.io/backup-id";
const OPERATION_LABEL = "storefleet.io/operation";
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

/** Labels of a backup or restore pod: the store's selector labels (so the chart's NetworkPolicy
 * and the database's admit it), its component, the operation and which backup it is. Not
 * `part-of: storefleet`: the worker's store watches are not about these pods. */
export function backupLabels(slug: string, backupId: string, operation: "backup" | "restore" = "backup"): Record<string, string> {
  return {
    "app.kubernetes.io/name": "woocommerce-store",
    "app.kubernetes.io/instance": storeObjects(slug).release,
    "app.kubernetes.io/component": COMPONENT,
    "app.kubernetes.io/managed-by": "storefleet",
    [OPERATION_LABEL]: operation,
    [BACKUP_ID_LABEL]: backupId,
  };
}

/** The Secret holding the object store's keys for one Job (named like it), deleted with it. */
export function jobSecret(job: V1Job, keys: { accessKeyId: string; secretAccessKey: string }): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: job.metadata!.name, namespace: job.metadata!.namespace, labels: job.metadata!.labels },
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

function container(name: ContainerName, script: string, img: Image, env: V1EnvVar[], mounts: V1VolumeMount[]): V1Container {
  return {
    name,
    image: `${img.repository}:${img.tag}`,
    imagePullPolicy: img.pullPolicy ?? "IfNotPresent",
    command: ["bash", `${SCRIPTS}/${script}.sh`],
    env: [{ name: "WORK", value: WORK }, ...env],
    resources: RESOURCES[name],
    securityContext,
    // A failed container's last log lines become its termination message, which the worker
    // reports without needing to read pod logs.
    terminationMessagePolicy: "FallbackToLogsOnError",
    volumeMounts: [{ name: "scripts", mountPath: SCRIPTS, readOnly: true }, { name: "work", mountPath: WORK }, ...mounts],
  };
}

const secretKey = (secret: string, key: string) => ({ valueFrom: { secretKeyRef: { name: secret, key } } });

/** The three containers' shared pieces: the database client's and the object store's settings. */
function settings(spec: BackupJobSpec, jobName: string) {
  const names = storeObjects(spec.slug);
  const db = spec.values.mariadb as { database: string; user: string };
  return {
    database: [
      { name: "DB_HOST", value: names.mariadb },
      { name: "DB_NAME", value: db.database },
      { name: "DB_USER", value: db.user },
      { name: "MYSQL_PWD", ...secretKey(names.credentialsSecret, "mariadb-password") },
    ],
    objectStore: [
      { name: "S3_ENDPOINT", value: spec.objectStore.endpoint },
      { name: "S3_BUCKET", value: spec.objectStore.bucket },
      { name: "S3_REGION", value: spec.objectStore.region },
      { name: "OBJECT_PREFIX", value: backupPrefix(spec.objectsOf ?? spec.slug, spec.backupId) },
      { name: "HOME", value: "/tmp" },
      { name: "AWS_ACCESS_KEY_ID", ...secretKey(jobName, "AWS_ACCESS_KEY_ID") },
      { name: "AWS_SECRET_ACCESS_KEY", ...secretKey(jobName, "AWS_SECRET_ACCESS_KEY") },
    ],
  };
}

function dataJob(spec: BackupJobSpec, operation: "backup" | "restore", name: string, containers: V1Container[], siteReadOnly: boolean): V1Job {
  const { slug, backupId, values } = spec;
  const names = storeObjects(slug);
  const labels = backupLabels(slug, backupId, operation);
  const mariadb = image(values, "mariadb");
  // WordPress's node placement: the pod must be allowed where the affinity below sends it.
  const { nodeSelector, tolerations } = values.wordpress as { nodeSelector?: Record<string, string>; tolerations?: object[] };
  // The store's volume is ReadWriteOnce. A backup runs on WordPress's node; a restore runs while
  // WordPress is stopped, on MariaDB's (the same node wherever the volumes are local).
  const besides = siteReadOnly ? "wordpress" : "mariadb";
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: names.namespace, labels },
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
          // www-data, like WordPress: the files it reads and writes are its. A backup has no
          // fsGroup: the store's volume is never re-owned. A restore may be the first pod on a new
          // volume (a clone, an undone delete), so it takes the volume's group as WordPress's pod
          // does; OnRootMismatch leaves a volume WordPress already had as it is.
          securityContext: {
            runAsNonRoot: true, runAsUser: 33, runAsGroup: 33, seccompProfile: { type: "RuntimeDefault" },
            ...(operation === "restore" ? { fsGroup: 33, fsGroupChangePolicy: "OnRootMismatch" } : {}),
          },
          ...(nodeSelector ? { nodeSelector } : {}),
          ...(tolerations ? { tolerations } : {}),
          affinity: {
            podAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { "app.kubernetes.io/instance": names.release, "app.kubernetes.io/component": besides } }, topologyKey: "kubernetes.io/hostname" },
              ],
            },
          },
          initContainers: [
            {
              name: "pipes",
              image: `${mariadb.repository}:${mariadb.tag}`,
              imagePullPolicy: mariadb.pullPolicy ?? "IfNotPresent",
              command: ["mkfifo", `${WORK}/db.sql.gz`, `${WORK}/wp-content.tar.gz`],
              resources: small,
              securityContext,
              volumeMounts: [{ name: "work", mountPath: WORK }],
            },
          ],
          containers,
          volumes: [
            { name: "scripts", configMap: { name: names.backup } },
            { name: "work", emptyDir: { sizeLimit: BACKUP_POD_RESOURCES.scratch } },
            { name: "tmp", emptyDir: { sizeLimit: BACKUP_POD_RESOURCES.scratch } },
            { name: "site", persistentVolumeClaim: { claimName: names.wordpress, readOnly: siteReadOnly } },
          ],
        },
      },
    },
  };
}

export function backupJob(spec: BackupJobSpec): V1Job {
  const name = storeObjects(spec.slug).backupJob(spec.backupId);
  const env = settings(spec, name);
  const mariadb = image(spec.values, "mariadb");
  const wordpress = image(spec.values, "wordpress");
  return dataJob(spec, "backup", name, [
    container("dump", "backup-dump", mariadb, env.database, []),
    container("archive", "backup-archive", wordpress, [], [{ name: "site", mountPath: "/site", readOnly: true }]),
    container("upload", "backup-upload", image(spec.values, "s3client"), [
      ...env.objectStore,
      { name: "STORE", value: spec.slug },
      { name: "BACKUP", value: spec.backupId },
      { name: "WORDPRESS_VERSION", value: wordpress.tag },
      { name: "MARIADB_VERSION", value: mariadb.tag },
    ], [{ name: "tmp", mountPath: "/tmp" }]),
  ], true);
}

export function restoreJob(spec: BackupJobSpec): V1Job {
  const name = storeObjects(spec.slug).restoreJob(spec.backupId);
  const env = settings(spec, name);
  return dataJob(spec, "restore", name, [
    container("fetch", "restore-fetch", image(spec.values, "s3client"), env.objectStore, [{ name: "tmp", mountPath: "/tmp" }]),
    container("database", "restore-database", image(spec.values, "mariadb"), env.database, []),
    container("files", "restore-files", image(spec.values, "wordpress"), [], [{ name: "site", mountPath: "/site" }]),
  ], false);
}
