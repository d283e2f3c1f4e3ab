// Maps a store and the platform settings to the chart's values. Pure, so the split of a size
// preset between WordPress and MariaDB is unit-tested and the digest of the result is stable.
import type { SizePreset } from "@/lib/config/env";
import { STORE_ADMIN_USER, storeHost, storeUrl } from "@/lib/stores/naming";
import { BACKUP_POD_RESOURCES } from "@/lib/backups/job";
import { volumeStorageOf } from "@/lib/stores/storage";
import { mergeValues, type Values } from "./base-values";

export interface StoreSpec {
  slug: string;
  displayName: string;
  size: string;
  /** What the volumes are sized from (lib/stores/storage.ts; null or absent: the preset's storage). */
  volumeStorage?: string | null;
  sampleProducts: boolean;
  ownerEmail: string;
  suspended: boolean;
  /** A backup is being restored into it: WordPress stops while MariaDB runs. */
  restoring?: boolean;
  /** Its verified custom domains (lib/domains), sorted. */
  extraHosts?: string[];
}

/** The spec of a store row as the worker reads it (the reconcile pass and the resync alike). */
export function storeSpec(
  store: { slug: string; displayName: string; size: string; volumeStorage: string | null; sampleProducts: boolean; restoreBackupId?: string | null; extraHosts?: string[] },
  ownerEmail: string,
  desired: string,
): StoreSpec {
  const { slug, displayName, size, volumeStorage, sampleProducts } = store;
  return {
    slug, displayName, size, volumeStorage, sampleProducts, ownerEmail, suspended: desired === "suspended",
    ...(store.restoreBackupId ? { restoring: true } : {}),
    ...(store.extraHosts?.length ? { extraHosts: [...store.extraHosts].sort() } : {}),
  };
}

export interface PlatformSettings {
  STORE_BASE_DOMAIN: string;
  STORE_URL_SCHEME: "http" | "https";
  STORE_URL_PORT?: number;
  STORE_SIZES: Record<string, SizePreset>;
  /** Resolved at the worker's start (lib/worker/route-mode.ts): never "auto" here. */
  routeMode: RouteMode;
  GATEWAY_NAME: string;
  GATEWAY_NAMESPACE: string;
  GATEWAY_LISTENER?: string;
  ROUTER_NAMESPACE: string;
  ROUTER_POD_LABELS: Record<string, string>;
  INGRESS_CLASS?: string;
  INGRESS_TLS_SECRET?: string;
  CERT_MANAGER_CLUSTER_ISSUER?: string;
  WOOCOMMERCE_VERSION?: string;
  /** Operator-wide values under every store's (STORE_BASE_VALUES_FILE, read at start). */
  baseValues?: Values;
  /** Set when backups are configured: where backup pods may reach the object store. */
  backupEgress?: { cidrs: string[]; port: number };
}

export type RouteMode = "gateway" | "ingress";

export class UnknownSizeError extends Error {}

/** CPU quantity ("2", "0.5", "500m") in millicores. */
export function cpuMillis(q: string): number {
  return q.endsWith("m") ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

/** Memory or storage quantity (Mi, Gi, Ti) in MiB. */
export function mebibytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|Ti)$/.exec(q);
  if (!m) throw new Error(`unsupported quantity ${q}`);
  return Math.round(Number(m[1]) * { Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[m[2] as "Mi" | "Gi" | "Ti"]);
}

const cpu = (millis: number) => `${Math.max(1, Math.floor(millis))}m`;
const mem = (mib: number) => `${Math.max(1, Math.floor(mib))}Mi`;
// Sizes are written in whole Gi when exact so they read naturally in `kubectl get pvc`; a size
// that rounds to 0 is passed through as 0Mi on purpose: the chart schema rejects it with a clear
// message instead of us inventing a minimum.
const size = (mib: number) => (mib % 1024 === 0 && mib > 0 ? `${mib / 1024}Gi` : `${Math.floor(mib)}Mi`);

/** Node disk (container layers, logs, emptyDir) a store may use: a fifth of its volume size,
 * between 1 Gi and 10 Gi. Presets name no such figure; it follows their storage. */
function ephemeralQuotaMib(storageMib: number): number {
  return Math.min(10 * 1024, Math.max(1024, Math.floor(storageMib * 0.2)));
}

/**
 * The preset is the namespace's ResourceQuota. Within it:
 * - limits: WordPress 50 %, MariaDB 40 %; the 10 % left over is headroom so a pod being
 *   replaced never pushes the namespace over quota (the bootstrap and install init containers
 *   run inside the WordPress pod's envelope, so they do not add to the sum);
 * - requests: a quarter of the limits, because stores idle most of the time and requests are
 *   what the scheduler reserves on nodes;
 * - storage: WordPress files 50 %, the database 40 % of `volumeStorage`, which is the preset's
 *   unless the volumes could not follow a resize (lib/stores/storage.ts); the quota is the preset's;
 * - ephemeral storage (ephemeralQuotaMib): each pod 40 % of it as its containers' limit, a
 *   quarter of that as request, and its /tmp emptyDir capped at a quarter of the quota.
 */
export function sizeResources(preset: SizePreset, volumeStorage = preset.storage) {
  const c = cpuMillis(preset.cpu);
  const m = mebibytes(preset.memory);
  const s = mebibytes(preset.storage);
  const v = mebibytes(volumeStorage);
  const e = ephemeralQuotaMib(s);
  const part = (share: number) => ({
    requests: { cpu: cpu((c * share) / 4), memory: mem((m * share) / 4), "ephemeral-storage": mem((e * 0.4) / 4) },
    limits: { cpu: cpu(c * share), memory: mem(m * share), "ephemeral-storage": mem(e * 0.4) },
  });
  const wordpress = part(0.5);
  return {
    wordpress,
    mariadb: part(0.4),
    // wp-cli must stay under the container's memory limit or the kernel kills it mid-install.
    phpMemoryLimit: `${Math.max(64, Math.min(512, Math.floor(m * 0.5 * 0.75)))}M`,
    wordpressStorage: size(v * 0.5),
    mariadbStorage: size(v * 0.4),
    tmpSizeLimit: size(e / 4),
    quota: { cpu: preset.cpu, memory: preset.memory, storage: preset.storage, ephemeralStorage: size(e) },
  };
}

/**
 * The chart values for one store: the operator's base values with the store's own on top.
 * Contains no secrets: the chart generates them in-cluster.
 */
export function chartValues(spec: StoreSpec, s: PlatformSettings): Values {
  const preset = s.STORE_SIZES[spec.size];
  if (!preset) throw new UnknownSizeError(`size preset "${spec.size}" is not configured (STORE_SIZES)`);
  const r = sizeResources(preset, volumeStorageOf({ size: spec.size, volumeStorage: spec.volumeStorage ?? null }, s.STORE_SIZES)!);
  const host = storeHost(spec.slug, s.STORE_BASE_DOMAIN);
  const tls = s.routeMode === "ingress" && s.STORE_URL_SCHEME === "https" && Boolean(s.INGRESS_TLS_SECRET || s.CERT_MANAGER_CLUSTER_ISSUER);
  return mergeValues(s.baseValues ?? {}, {
    store: { displayName: spec.displayName, url: storeUrl(spec.slug, s), adminUser: STORE_ADMIN_USER, adminEmail: spec.ownerEmail, sampleProducts: spec.sampleProducts },
    suspended: spec.suspended,
    wordpress: { resources: r.wordpress, tmpSizeLimit: r.tmpSizeLimit, persistence: { size: r.wordpressStorage }, ...(spec.restoring ? { paused: true } : {}) },
    bootstrap: { resources: r.wordpress, phpMemoryLimit: r.phpMemoryLimit },
    mariadb: { resources: r.mariadb, tmpSizeLimit: r.tmpSizeLimit, persistence: { size: r.mariadbStorage } },
    quota: { enabled: true, ...(s.backupEgress ? withBackupRoom(r.quota) : r.quota), pods: 10, persistentVolumeClaims: 4 },
    limitRange: { enabled: true, maxClaimSize: r.quota.storage },
    route: {
      mode: s.routeMode,
      host,
      ...(spec.extraHosts?.length ? { extraHosts: spec.extraHosts } : {}),
      gateway: { parentRefs: [{ name: s.GATEWAY_NAME, namespace: s.GATEWAY_NAMESPACE, ...(s.GATEWAY_LISTENER ? { sectionName: s.GATEWAY_LISTENER } : {}) }] },
    },
    ingress: {
      className: s.INGRESS_CLASS ?? "",
      tls: { enabled: tls, secretName: s.INGRESS_TLS_SECRET ?? "", clusterIssuer: s.CERT_MANAGER_CLUSTER_ISSUER ?? "" },
    },
    networkPolicy: {
      enabled: true,
      routerPods: { namespaceLabels: { "kubernetes.io/metadata.name": s.ROUTER_NAMESPACE }, podLabels: s.ROUTER_POD_LABELS },
    },
    ...(s.WOOCOMMERCE_VERSION ? { woocommerce: { version: s.WOOCOMMERCE_VERSION } } : {}),
    ...(s.backupEgress ? { backup: { enabled: true, objectStore: s.backupEgress } } : {}),
  });
}

/** The quota with room for one backup pod (lib/backups/job.ts) beside the store's own pods, so
 * a backup never waits for quota and never takes the store's share. */
function withBackupRoom(quota: ReturnType<typeof sizeResources>["quota"]) {
  const limits = Object.values(BACKUP_POD_RESOURCES).flatMap((c) => (typeof c === "string" ? [] : [c.limits]));
  const cpuRoom = limits.reduce((sum, l) => sum + cpuMillis(l.cpu), 0);
  const memoryRoom = limits.reduce((sum, l) => sum + mebibytes(l.memory), 0);
  return { ...quota, cpu: cpu(cpuMillis(quota.cpu) + cpuRoom), memory: mem(mebibytes(quota.memory) + memoryRoom) };
}

/** The MariaDB claim size a store's values ask for: its StatefulSet's volumeClaimTemplate. */
export function mariadbClaimSize(values: Values): string {
  return ((values.mariadb as Values).persistence as Values).size as string;
}
