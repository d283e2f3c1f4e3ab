// Test-only dynamic volume provisioner for the local (KWOK) Kubernetes env.
//
// Simulated nodes have no storage, and a pod whose claim never binds is never scheduled. This
// stands in for a CSI external-provisioner, the same way one works: the PV controller marks
// each claim of a StorageClass with an external provisioner with the annotation
// volume.kubernetes.io/storage-provisioner; we answer claims carrying our name with a PV that
// is pre-bound to the claim via claimRef, and delete our PVs once Released (reclaim Delete).
// The volumes are hostPath specs under /tmp that nothing ever mounts: they hold no data.
//
// Run: KUBECONFIG=... node --import tsx scripts/kube/volume-provisioner.ts (up.sh does this).
import * as k8s from "@kubernetes/client-node";

const PROVISIONER = "storefleet.dev/simulated";
const PROVISIONER_ANNOTATIONS = [
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];

const kc = new k8s.KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(k8s.CoreV1Api);
const storage = kc.makeApiClient(k8s.StorageV1Api);

const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`);
const statusOf = (err: unknown) => (err as { code?: number })?.code;

async function provision(pvc: k8s.V1PersistentVolumeClaim): Promise<void> {
  const meta = pvc.metadata!;
  const ann = meta.annotations ?? {};
  if (!PROVISIONER_ANNOTATIONS.some((a) => ann[a] === PROVISIONER)) return;
  if (pvc.spec?.volumeName || pvc.status?.phase !== "Pending" || meta.deletionTimestamp) return;

  const className = pvc.spec?.storageClassName ?? "";
  let reclaimPolicy = "Delete";
  try {
    const sc = await storage.readStorageClass({ name: className });
    reclaimPolicy = sc.reclaimPolicy ?? "Delete";
  } catch (err) {
    log(`storage class ${className} unreadable (${statusOf(err)}); using reclaim Delete`);
  }
  // Named after the claim's uid, as external-provisioner does: a retry or a second
  // provisioner instance then hits 409 instead of making a duplicate volume.
  const name = `pvc-${meta.uid}`;
  const pv: k8s.V1PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, annotations: { "pv.kubernetes.io/provisioned-by": PROVISIONER } },
    spec: {
      capacity: { storage: pvc.spec?.resources?.requests?.storage ?? "1Gi" },
      accessModes: pvc.spec?.accessModes?.length ? pvc.spec.accessModes : ["ReadWriteOnce"],
      volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
      storageClassName: className,
      persistentVolumeReclaimPolicy: reclaimPolicy,
      hostPath: { path: `/tmp/storefleet-volumes/${name}`, type: "DirectoryOrCreate" },
      claimRef: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        namespace: meta.namespace,
        name: meta.name,
        uid: meta.uid,
        resourceVersion: meta.resourceVersion,
      },
    },
  };
  try {
    await core.createPersistentVolume({ body: pv });
    log(`created ${name} for ${meta.namespace}/${meta.name} (${pv.spec!.capacity!.storage})`);
  } catch (err) {
    if (statusOf(err) !== 409) log(`create ${name} failed: ${statusOf(err)} ${err}`);
  }
}

async function reclaim(pv: k8s.V1PersistentVolume): Promise<void> {
  const name = pv.metadata!.name!;
  if (pv.metadata?.annotations?.["pv.kubernetes.io/provisioned-by"] !== PROVISIONER) return;
  if (pv.status?.phase !== "Released" || pv.spec?.persistentVolumeReclaimPolicy !== "Delete") return;
  if (pv.metadata?.deletionTimestamp) return;
  try {
    await core.deletePersistentVolume({ name });
    log(`deleted released ${name}`);
  } catch (err) {
    if (statusOf(err) !== 404) log(`delete ${name} failed: ${statusOf(err)} ${err}`);
  }
}

// List, handle every item, then watch from the list's resourceVersion. When the watch ends
// (server timeout, 410 Gone, connection loss) start over with a fresh list, so no event that
// happened in between is lost. The only sleep is a short back-off after an error.
function informer<T extends k8s.KubernetesObject>(
  what: string,
  path: string,
  list: () => Promise<{ metadata?: k8s.V1ListMeta; items: T[] }>,
  handle: (obj: T) => Promise<void>,
): void {
  const run = async (): Promise<void> => {
    try {
      const result = await list();
      await Promise.all(result.items.map(handle));
      await new k8s.Watch(kc).watch(
        path,
        { resourceVersion: result.metadata?.resourceVersion, allowWatchBookmarks: true },
        (type, obj) => {
          if (type === "ADDED" || type === "MODIFIED") void handle(obj as T).catch((e) => log(`${what}: ${e}`));
        },
        (err) => {
          if (err) log(`${what} watch ended: ${err}; re-listing`);
          setTimeout(run, err ? 1000 : 0);
        },
      );
    } catch (err) {
      log(`${what} list failed: ${statusOf(err) ?? err}; retrying`);
      setTimeout(run, 1000);
    }
  };
  void run();
}

informer<k8s.V1PersistentVolumeClaim>(
  "claims",
  "/api/v1/persistentvolumeclaims",
  () => core.listPersistentVolumeClaimForAllNamespaces(),
  provision,
);
informer<k8s.V1PersistentVolume>("volumes", "/api/v1/persistentvolumes", () => core.listPersistentVolume(), reclaim);
log(`provisioner ${PROVISIONER} watching claims and volumes`);

for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => process.exit(0));
