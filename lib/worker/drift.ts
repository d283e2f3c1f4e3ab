// Drift: the live objects of a store no longer carry what its release applied. The fields the
// chart owns are projected the same way from the release manifest (what Helm applied) and from
// the live objects (the watch cache); the live projection must contain the applied one. The API
// server adds defaults (probe thresholds, protocols...), so extra live fields are not drift, and
// quantities compare by value ("1024Mi" is "1Gi"). Pure, so every rule is unit-tested.
import { createHash } from "node:crypto";
import { parseAllDocuments } from "yaml";
import { quantityValue } from "@/lib/kube/quantity";
import { stableJson } from "./digest";

/** "Kind/name" of an object of the release. */
export type ObjectRef = string;
/** What the chart owns of each of the release's objects, by ObjectRef. */
export type OwnedState = Record<ObjectRef, unknown>;

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** Kinds whose live state the worker sees. Secrets are not among them: it may not read Secrets
 * cluster-wide, and the chart keeps their generated content across upgrades anyway. */
export const WATCHED_KINDS = ["Deployment", "StatefulSet", "Service", "NetworkPolicy", "Ingress", "HTTPRoute", "PersistentVolumeClaim", "ConfigMap", "ResourceQuota", "LimitRange"] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

const pick = (o: Record<string, unknown> | undefined, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => o && o[k] !== undefined).map((k) => [k, o![k]]));

/** The fields of an object that the chart owns, or undefined for kinds the worker does not watch. */
export function ownedFields(o: K8sObject): unknown {
  const spec = o.spec ?? {};
  switch (o.kind) {
    case "Deployment":
    case "StatefulSet":
      return { replicas: spec.replicas, template: spec.template };
    case "Service":
      return pick(spec, ["type", "selector", "ports"]);
    case "NetworkPolicy":
    case "Ingress":
    case "HTTPRoute":
    case "ResourceQuota":
    case "LimitRange":
      return spec;
    case "PersistentVolumeClaim":
      return { storage: (spec.resources as { requests?: { storage?: string } } | undefined)?.requests?.storage };
    case "ConfigMap":
      // The bootstrap script is kilobytes long; its digest stands for it.
      return { dataDigest: createHash("sha256").update(stableJson(o.data ?? {})).digest("hex").slice(0, 32) };
    default:
      return undefined;
  }
}

export function objectRef(o: K8sObject): ObjectRef {
  return `${o.kind}/${o.metadata?.name}`;
}

/**
 * The owned state of everything a release manifest applies. Helm writes YAML 1.1 (a mode of
 * `0440` is octal), which is what the API server reads too.
 */
export function ownedStateOfManifest(manifest: string): OwnedState {
  const state: OwnedState = {};
  for (const doc of parseAllDocuments(manifest, { version: "1.1" })) {
    const o = doc.toJS() as K8sObject | null;
    if (!o?.kind || !o.metadata?.name) continue;
    const owned = ownedFields(o);
    if (owned !== undefined) state[objectRef(o)] = owned;
  }
  return state;
}

export interface DriftItem {
  ref: ObjectRef;
  /** Dotted path inside the owned fields; "" when the whole object is missing. */
  path: string;
  live: unknown;
  applied: unknown;
}

const QUANTITY_KEYS = new Set(["cpu", "memory", "ephemeral-storage", "storage", "sizeLimit", "requests.cpu", "limits.cpu", "requests.memory", "limits.memory", "requests.storage", "requests.ephemeral-storage", "limits.ephemeral-storage"]);

// The API server leaves out empty values (an env var's `value: ""`, `annotations: {}`).
const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0);

function sameScalar(key: string, applied: unknown, live: unknown): boolean {
  if (applied === live) return true;
  if (QUANTITY_KEYS.has(key)) {
    const a = quantityValue(applied);
    return a !== null && a === quantityValue(live);
  }
  // intOrString fields: a port written 80 may come back as 80 or "80".
  return typeof applied !== typeof live && String(applied) === String(live);
}

function diffInto(out: DriftItem[], ref: ObjectRef, path: string, key: string, applied: unknown, live: unknown): void {
  if (isEmpty(applied) && isEmpty(live)) return;
  if (Array.isArray(applied)) {
    if (!Array.isArray(live) || live.length !== applied.length) {
      out.push({ ref, path, live, applied });
      return;
    }
    applied.forEach((a, i) => diffInto(out, ref, `${path}[${i}]`, key, a, live[i]));
    return;
  }
  if (applied !== null && typeof applied === "object") {
    if (live === null || typeof live !== "object" || Array.isArray(live)) {
      out.push({ ref, path, live, applied });
      return;
    }
    for (const [k, v] of Object.entries(applied)) diffInto(out, ref, path ? `${path}.${k}` : k, k, v, (live as Record<string, unknown>)[k]);
    return;
  }
  if (!sameScalar(key, applied, live)) out.push({ ref, path, live, applied });
}

/** Where the live state no longer contains the applied state; empty when there is no drift. */
export function findDrift(applied: OwnedState, live: Partial<OwnedState>): DriftItem[] {
  const out: DriftItem[] = [];
  for (const [ref, owned] of Object.entries(applied)) {
    if (!(ref in live) || live[ref] === undefined) out.push({ ref, path: "", live: undefined, applied: owned });
    else diffInto(out, ref, "", "", owned, live[ref]);
  }
  return out;
}

const show = (v: unknown) => (v === undefined ? "absent" : typeof v === "object" ? "changed" : String(v));

/** Plain language for the timeline: "Deployment shop-wordpress replicas 0 → 1". */
export function describeDrift(items: DriftItem[], max = 3): string {
  const parts = [
    ...new Set(
      items.map(({ ref, path, live, applied }) => {
        const [kind, name] = ref.split("/");
        if (!path) return `${kind} ${name} was missing`;
        const field = path.replace(/^template\.spec\./, "");
        // A changed structure is named by its top-level field ("ingress"), a value in full.
        if (typeof applied === "object" || typeof live === "object") return `${kind} ${name} ${field.split(/[.[]/)[0]} was changed`;
        return `${kind} ${name} ${field} ${show(live)} → ${show(applied)}`;
      }),
    ),
  ];
  const more = parts.length > max ? ` and ${parts.length - max} more` : "";
  return parts.slice(0, max).join("; ") + more;
}
