// The worker's view of every store's cluster objects, kept current by watches (lib/kube/informer):
// store namespaces, the chart's objects (their owned fields, for drift) and workloads (their
// rollout status), and the stores' pods. A pass or a resync reads it instead of asking the API
// server or starting Helm, and every change wakes the store it belongs to.
import type { KubernetesObject, V1ContainerStatus, V1Namespace, V1Pod } from "@kubernetes/client-node";
import type { Kube } from "@/lib/kube/client";
import { Informer } from "@/lib/kube/informer";
import { slugOfNamespace, STORE_CHART_SELECTOR, STORE_LABELS, STORE_NAMESPACE_SELECTOR } from "@/lib/stores/cluster-objects";
import type { ContainerDiag, PodDiag } from "./classify";
import { ownedFields, objectRef, type ObjectRef, type WatchedKind } from "./drift";
import type { RouteMode } from "./values";

export interface NamespaceRecord {
  name: string;
  labels: Record<string, string>;
  terminating: boolean;
}

export interface WorkloadStatus {
  specReplicas: number;
  generation: number;
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  available: boolean;
  revisionsMatch: boolean;
}

export interface ObjectRecord {
  ref: ObjectRef;
  namespace: string;
  /** The owned fields (lib/worker/drift.ts) as JSON: a string costs a third of the object tree it
   * stands for, and is parsed only when a store is compared (rarely: see SettledVerdicts). */
  ownedJson: string;
  workload?: WorkloadStatus;
}

/** The owned fields of a cached object. */
export function ownedOf(rec: ObjectRecord | undefined): unknown {
  return rec ? JSON.parse(rec.ownedJson) : undefined;
}

export interface PodRecord {
  namespace: string;
  name: string;
  component: string;
  initialized: boolean;
  /** Init containers that finished with exit code 0. */
  initDone: string[];
  diag: PodDiag;
}

/** Everything the cache knows about one store namespace. */
export interface StoreSnapshot {
  namespace: NamespaceRecord | undefined;
  objects: Map<ObjectRef, ObjectRecord>;
  pods: PodRecord[];
}

function workloadStatus(o: KubernetesObject & { spec?: { replicas?: number }; status?: Record<string, unknown> }): WorkloadStatus {
  const st = (o.status ?? {}) as {
    replicas?: number; updatedReplicas?: number; readyReplicas?: number; observedGeneration?: number;
    conditions?: { type: string; status: string }[]; currentRevision?: string; updateRevision?: string;
  };
  return {
    specReplicas: o.spec?.replicas ?? 1,
    generation: o.metadata?.generation ?? 0,
    observedGeneration: st.observedGeneration ?? 0,
    replicas: st.replicas ?? 0,
    updatedReplicas: st.updatedReplicas ?? 0,
    readyReplicas: st.readyReplicas ?? 0,
    available: !!st.conditions?.some((c) => c.type === "Available" && c.status === "True"),
    revisionsMatch: (st.currentRevision ?? "") === (st.updateRevision ?? ""),
  };
}

function objectRecord(o: KubernetesObject): ObjectRecord {
  const workload = o.kind === "Deployment" || o.kind === "StatefulSet" ? workloadStatus(o) : undefined;
  return { ref: objectRef(o), namespace: o.metadata?.namespace ?? "", ownedJson: JSON.stringify(ownedFields(o) ?? null), workload };
}

function containerDiags(init: boolean, list: V1ContainerStatus[] | undefined): ContainerDiag[] {
  return (list ?? []).map((c) => ({
    name: c.name,
    init,
    waitingReason: c.state?.waiting?.reason,
    waitingMessage: c.state?.waiting?.message,
    terminatedExitCode: c.state?.terminated?.exitCode ?? c.lastState?.terminated?.exitCode,
    terminationMessage: c.state?.terminated?.message ?? c.lastState?.terminated?.message,
    restartCount: c.restartCount ?? 0,
  }));
}

function podRecord(o: KubernetesObject): PodRecord {
  const p = o as V1Pod;
  const conditions = p.status?.conditions ?? [];
  const unsched = conditions.find((c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable");
  const initStatuses = p.status?.initContainerStatuses ?? [];
  return {
    namespace: p.metadata?.namespace ?? "",
    name: p.metadata?.name ?? "",
    component: p.metadata?.labels?.["app.kubernetes.io/component"] ?? "",
    initialized: conditions.some((c) => c.type === "Initialized" && c.status === "True"),
    initDone: initStatuses.filter((c) => c.state?.terminated?.exitCode === 0).map((c) => c.name),
    diag: {
      name: p.metadata?.name ?? "",
      unschedulableMessage: unsched?.message,
      containers: [...containerDiags(true, p.status?.initContainerStatuses), ...containerDiags(false, p.status?.containerStatuses)],
    },
  };
}

function namespaceRecord(o: KubernetesObject): NamespaceRecord {
  const n = o as V1Namespace;
  const labels = n.metadata?.labels ?? {};
  // Only the labels that matter here are kept.
  const kept = Object.fromEntries(Object.entries(labels).filter(([k]) => k.startsWith("storefleet.io/") || k === STORE_LABELS.managedBy || k.startsWith("pod-security.")));
  return { name: n.metadata?.name ?? "", labels: kept, terminating: !!n.metadata?.deletionTimestamp || n.status?.phase === "Terminating" };
}

export class ClusterCache {
  private readonly namespaces: Informer<NamespaceRecord>;
  private readonly objectInformers: Informer<ObjectRecord>[];
  private readonly pods: Informer<PodRecord>;
  private readonly byNamespace = new Map<string, Map<ObjectRef, ObjectRecord>>();
  private readonly podsByNamespace = new Map<string, Map<string, PodRecord>>();
  private readonly listeners: ((slug: string) => void)[] = [];
  /** Per namespace with anything cached, the sequence number of its latest change. */
  private readonly lastChange = new Map<string, number>();
  private changes = 0;

  /** routeMode: stores have either Ingresses or HTTPRoutes; only that kind is watched, so the
   * Gateway API need not exist on a cluster routed by Ingress. */
  constructor(kube: Kube, routeMode: RouteMode, onError: (kind: string, error: unknown) => void) {
    const informer = <T>(kind: string, path: string, labelSelector: string, transform: (o: KubernetesObject) => T, onChange: (key: string, now: T | undefined, before: T | undefined) => void) =>
      new Informer<T>(kube, { kind, path, labelSelector, transform }, { onChange, onError: (e) => onError(kind, e) });

    this.namespaces = informer("Namespace", "/api/v1/namespaces", STORE_NAMESPACE_SELECTOR, namespaceRecord, (key) => this.changed(key));
    const objects = (kind: WatchedKind, path: string) =>
      informer(kind, path, STORE_CHART_SELECTOR, objectRecord, (key, now, before) => this.objectChanged(key, now ?? before, !now));
    this.objectInformers = [
      objects("Deployment", "/apis/apps/v1/deployments"),
      objects("StatefulSet", "/apis/apps/v1/statefulsets"),
      objects("Service", "/api/v1/services"),
      objects("NetworkPolicy", "/apis/networking.k8s.io/v1/networkpolicies"),
      routeMode === "gateway"
        ? objects("HTTPRoute", "/apis/gateway.networking.k8s.io/v1/httproutes")
        : objects("Ingress", "/apis/networking.k8s.io/v1/ingresses"),
      objects("PersistentVolumeClaim", "/api/v1/persistentvolumeclaims"),
      objects("ConfigMap", "/api/v1/configmaps"),
      objects("ResourceQuota", "/api/v1/resourcequotas"),
      objects("LimitRange", "/api/v1/limitranges"),
    ];
    this.pods = informer("Pod", "/api/v1/pods", STORE_CHART_SELECTOR, podRecord, (key, now, before) => {
      const rec = now ?? before;
      if (!rec) return;
      let m = this.podsByNamespace.get(rec.namespace);
      if (!m) this.podsByNamespace.set(rec.namespace, (m = new Map()));
      if (now) m.set(rec.name, now);
      else m.delete(rec.name);
      if (m.size === 0) this.podsByNamespace.delete(rec.namespace);
      this.changed(rec.namespace);
    });
  }

  /** Resolves when every watch has its first full list. */
  async start(): Promise<void> {
    await Promise.all([this.namespaces.start(), this.pods.start(), ...this.objectInformers.map((i) => i.start())]);
  }

  stop(): void {
    for (const i of [this.namespaces, this.pods, ...this.objectInformers]) i.stop();
  }

  /** Called with the slug of a store whenever anything of it changes. */
  onStoreChange(listener: (slug: string) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Resolves true once `predicate` holds for the namespace's snapshot (checked now and on every
   * change of that store), false after timeoutMs: how a pass waits to observe its own writes.
   */
  until(namespace: string, predicate: (snap: StoreSnapshot) => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate(this.snapshot(namespace))) return Promise.resolve(true);
    const slug = slugOfNamespace(namespace);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(ok);
      };
      const listener = (changed: string) => {
        if (changed === slug && predicate(this.snapshot(namespace))) done(true);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.listeners.push(listener);
    });
  }

  snapshot(namespace: string): StoreSnapshot {
    return {
      namespace: this.namespaces.get(namespace),
      objects: new Map(this.byNamespace.get(namespace) ?? []),
      pods: [...(this.podsByNamespace.get(namespace)?.values() ?? [])],
    };
  }

  /** A number that differs after any change of the namespace, its objects or its pods; 0 while
   * nothing of it is cached. */
  changeCount(namespace: string): number {
    return this.lastChange.get(namespace) ?? 0;
  }

  /** How many objects are cached (for the worker's metrics and the benchmark). */
  get objectCount(): number {
    return this.namespaces.size + this.pods.size + this.objectInformers.reduce((n, i) => n + i.size, 0);
  }

  private objectChanged(key: string, rec: ObjectRecord | undefined, deleted: boolean): void {
    if (!rec) return;
    let m = this.byNamespace.get(rec.namespace);
    if (!m) this.byNamespace.set(rec.namespace, (m = new Map()));
    if (deleted) m.delete(rec.ref);
    else m.set(rec.ref, rec);
    if (m.size === 0) this.byNamespace.delete(rec.namespace);
    this.changed(key);
  }

  /** `key` is "namespace/name" or a namespace's name. */
  private changed(key: string): void {
    const namespace = key.split("/")[0]!;
    // A namespace with nothing left in the cache reads 0 again (as one never seen): the state it
    // stands for, nothing, is the same, and deleted stores leave no entry behind.
    const empty = !this.namespaces.get(namespace) && !this.byNamespace.has(namespace) && !this.podsByNamespace.has(namespace);
    if (empty) this.lastChange.delete(namespace);
    else this.lastChange.set(namespace, ++this.changes);
    const slug = slugOfNamespace(namespace);
    if (slug) for (const l of this.listeners) l(slug);
  }
}
