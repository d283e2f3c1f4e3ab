// Test-only dynamic volume provisioner for the local Kubernetes env, serving two classes.
//
// `standard` (storefleet.dev/simulated, default): simulated nodes have no storage, and a pod whose
// claim never binds is never scheduled. Its volumes are hostPath specs under /tmp that nothing
// ever mounts: they hold no data.
// `local-path` (storefleet.dev/local-path, WaitForFirstConsumer), only when a real node runs
// (REAL_NODE_NAME, REAL_NODE_VOLUMES): for a claim whose pod the scheduler placed on the real
// node it makes a real directory under REAL_NODE_VOLUMES and a `local` PV bound to that node, so
// data survives pod restarts; the kubelet gives the directory to the pod's fsGroup. The
// directory is deleted with the volume.
//
// It works the way a CSI external-provisioner does: the PV controller marks each claim of a
// class with an external provisioner with the annotation volume.kubernetes.io/storage-provisioner;
// we answer claims carrying one of our names with a PV pre-bound to the claim via claimRef, and
// delete our PVs once Released (reclaim Delete).
//
// Run: KUBECONFIG=... node --import tsx scripts/kube/volume-provisioner.ts (up.sh does this).
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";

const PROVISIONER_ANNOTATIONS = [
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];
const SELECTED_NODE = "volume.kubernetes.io/selected-node";
const realNode = process.env.REAL_NODE_NAME;
const realNodeVolumes = process.env.REAL_NODE_VOLUMES;

/** How one class's volumes are made and removed. */
interface Backend {
  /** The volume source and placement for a claim, or undefined when this claim is not ours yet. */
  source(pvc: k8s.V1PersistentVolumeClaim, name: string): Promise<Partial<k8s.V1PersistentVolumeSpec> | undefined>;
  /** Removes what the volume held, before the PV is deleted. */
  remove(pv: k8s.V1PersistentVolume): Promise<void>;
}

const backends = new Map<string, Backend>([
  [
    "storefleet.dev/simulated",
    {
      source: async (_pvc, name) => ({ hostPath: { path: `/tmp/storefleet-volumes/${name}`, type: "DirectoryOrCreate" } }),
      remove: async () => {},
    },
  ],
]);

if (realNode && realNodeVolumes) {
  const dirOf = (name: string) => path.join(realNodeVolumes, name);
  backends.set("storefleet.dev/local-path", {
    source: async (pvc, name) => {
      // WaitForFirstConsumer: the scheduler names the node first; only the real node has disks.
      const node = pvc.metadata?.annotations?.[SELECTED_NODE];
      if (node !== realNode) {
        if (node) log(`claim ${pvc.metadata?.namespace}/${pvc.metadata?.name} is for node ${node}, not ${realNode}: not provisioned`);
        return undefined;
      }
      await mkdir(dirOf(name), { recursive: true, mode: 0o770 });
      return {
        local: { path: dirOf(name) },
        nodeAffinity: {
          required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [realNode] }] }] },
        },
      };
    },
    remove: (pv) => rm(dirOf(pv.metadata!.name!), { recursive: true, force: true }),
  });
}

const kc = new k8s.KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(k8s.CoreV1Api);
const storage = kc.makeApiClient(k8s.StorageV1Api);

const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`);
const statusOf = (err: unknown) => (err as { code?: number })?.code;

const provisionerOf = (ann: Record<string, string>) =>
  PROVISIONER_ANNOTATIONS.map((a) => ann[a]).find((p): p is string => !!p && backends.has(p));

async function provision(pvc: k8s.V1PersistentVolumeClaim): Promise<void> {
  const meta = pvc.metadata!;
  const provisioner = provisionerOf(meta.annotations ?? {});
  if (!provisioner) return;
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
  const source = await backends.get(provisioner)!.source(pvc, name);
  if (!source) return;
  const pv: k8s.V1PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, annotations: { "pv.kubernetes.io/provisioned-by": provisioner } },
    spec: {
      capacity: { storage: pvc.spec?.resources?.requests?.storage ?? "1Gi" },
      accessModes: pvc.spec?.accessModes?.length ? pvc.spec.accessModes : ["ReadWriteOnce"],
      volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
      storageClassName: className,
      persistentVolumeReclaimPolicy: reclaimPolicy,
      ...source,
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
    log(`created ${name} for ${meta.namespace}/${meta.name} (${pv.spec!.capacity!.storage}, ${provisioner})`);
  } catch (err) {
    if (statusOf(err) !== 409) log(`create ${name} failed: ${statusOf(err)} ${err}`);
  }
}

async function reclaim(pv: k8s.V1PersistentVolume): Promise<void> {
  const name = pv.metadata!.name!;
  const backend = backends.get(pv.metadata?.annotations?.["pv.kubernetes.io/provisioned-by"] ?? "");
  if (!backend) return;
  if (pv.status?.phase !== "Released" || pv.spec?.persistentVolumeReclaimPolicy !== "Delete") return;
  if (pv.metadata?.deletionTimestamp) return;
  try {
    await backend.remove(pv);
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
log(`provisioners ${[...backends.keys()].join(", ")} watching claims and volumes`);

for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => process.exit(0));
