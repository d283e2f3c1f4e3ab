// What the portal and the API show of a store: a small DTO, never the raw row (no lease or
// reconcile internals).
// The zod schemas are the response shapes of the REST API and the source of its OpenAPI document.
import { z } from "zod";
import type { Env } from "@/lib/config/env";
import type { DesiredState, StorePhase } from "@/lib/generated/prisma/enums";
import { storeNamespace } from "@/lib/stores/cluster-objects";
import { allowedActions, LIFECYCLE_ACTIONS, nameHeldUntil, STORE_PHASES, storeConditions, undoDeleteRefusal } from "@/lib/stores/lifecycle";
import { storeAdminUrl, storeUrl } from "@/lib/stores/naming";
import { volumeStorageOf } from "@/lib/stores/storage";

const timestamp = z.iso.datetime();

export const storeViewSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    displayName: z.string(),
    size: z.string(),
    sizeLabel: z.string(),
    resources: z.object({ cpu: z.string(), memory: z.string(), storage: z.string() }).nullable(),
    volumeStorage: z
      .string()
      .nullable()
      .meta({ description: "The storage the store's volumes are sized from; less than resources.storage while a resize is under way, or when the volumes could not grow (see volumeNote)" }),
    volumeNote: z.string().nullable().meta({ description: "Why the volumes stay smaller than the size preset asks (their StorageClass does not allow expansion)" }),
    sampleProducts: z.boolean().meta({ description: "Created with WooCommerce's sample catalogue" }),
    owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    desiredState: z.enum(["present", "suspended", "absent"]),
    phase: z.enum(STORE_PHASES),
    reconciling: z.boolean().meta({ description: "The worker has not yet converged the latest request (generation > observedGeneration)" }),
    conditions: z
      .array(
        z.object({
          type: z.enum(["Ready", "Reconciling", "Stalled", "Degraded"]),
          status: z.enum(["True", "False"]),
          reason: z.string(),
          message: z.string(),
          observedGeneration: z.number().int(),
        }),
      )
      .meta({
        description:
          "kstatus-style conditions: Ready (settled in the desired state), Reconciling (the worker is converging), Stalled (it gave up; see the reason), Degraded (running, but failing its health checks)",
      }),
    allowedActions: z.array(z.enum(LIFECYCLE_ACTIONS)).meta({ description: "Lifecycle actions the store's state allows now" }),
    statusMessage: z.string(),
    statusHint: z.string().nullable(),
    failureReason: z.string().nullable(),
    namespace: z.string(),
    url: z.string(),
    adminUrl: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
    readyAt: timestamp.nullable(),
    deletedAt: timestamp.nullable(),
    healthCheckedAt: timestamp.nullable().meta({ description: "When the store last answered or failed a health check; null until its first" }),
    version: z
      .object({ id: z.string(), label: z.string() })
      .nullable()
      .meta({ description: "The fleet version the store runs (chart, images, WooCommerce); null until the worker first acts on it" }),
    pinnedUntil: timestamp.nullable().meta({ description: "Until when rollouts skip the store (its owner pinned its versions); null when not pinned" }),
    undoDeleteUntil: timestamp
      .nullable()
      .meta({ description: "For a deleted store: until when its delete can be undone (its name is held for its owner; a restorable backup is needed too)" }),
  })
  .meta({ id: "Store" });
export type StoreView = z.infer<typeof storeViewSchema>;

export const storeEventViewSchema = z
  .object({
    id: z.string(),
    step: z.string(),
    state: z.enum(["running", "succeeded", "failed"]),
    message: z.string(),
    log: z.string().nullable().meta({ description: "For a failed step: the failing container's last log lines, secrets redacted" }),
    generation: z.number().int(),
    startedAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "StoreEvent" });
export type StoreEventView = z.infer<typeof storeEventViewSchema>;

export interface StoreRow {
  id: string;
  slug: string;
  displayName: string;
  size: string;
  sampleProducts: boolean;
  volumeStorage: string | null;
  volumeNote: string | null;
  desiredState: DesiredState;
  phase: StorePhase;
  generation: number;
  observedGeneration: number;
  statusMessage: string;
  statusHint: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  readyAt: Date | null;
  deletedAt: Date | null;
  healthFailures: number;
  healthMessage: string | null;
  healthCheckedAt: Date | null;
  pinnedUntil: Date | null;
  version: { id: string; label: string } | null;
  owner: { id: string; email: string; name: string };
}

/** A store's own columns of its row (StoreRow without its owner and version). */
export const storeColumnsSelect = {
  id: true,
  slug: true,
  displayName: true,
  size: true,
  sampleProducts: true,
  volumeStorage: true,
  volumeNote: true,
  restoreBackupId: true,
  desiredState: true,
  phase: true,
  generation: true,
  observedGeneration: true,
  statusMessage: true,
  statusHint: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
  readyAt: true,
  deletedAt: true,
  healthFailures: true,
  healthMessage: true,
  healthCheckedAt: true,
  pinnedUntil: true,
} as const;

export const storeRowSelect = {
  ...storeColumnsSelect,
  version: { select: { id: true, label: true } },
  owner: { select: { id: true, email: true, name: true } },
} as const;

export function toStoreView(row: StoreRow, config: Pick<Env, "STORE_SIZES" | "STORE_URL_SCHEME" | "STORE_BASE_DOMAIN" | "STORE_URL_PORT" | "STORE_NAME_HOLD_DAYS">): StoreView {
  const preset = config.STORE_SIZES[row.size];
  return {
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    size: row.size,
    sizeLabel: preset?.label ?? row.size,
    resources: preset ? { cpu: preset.cpu, memory: preset.memory, storage: preset.storage } : null,
    volumeStorage: volumeStorageOf(row, config.STORE_SIZES),
    volumeNote: row.volumeNote,
    sampleProducts: row.sampleProducts,
    owner: row.owner,
    desiredState: row.desiredState,
    phase: row.phase,
    reconciling: row.generation !== row.observedGeneration,
    conditions: storeConditions(row),
    allowedActions: allowedActions(row),
    statusMessage: row.statusMessage,
    statusHint: row.statusHint,
    failureReason: row.failureReason,
    namespace: storeNamespace(row.slug),
    url: storeUrl(row.slug, config),
    adminUrl: storeAdminUrl(row.slug, config),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    healthCheckedAt: row.healthCheckedAt?.toISOString() ?? null,
    version: row.version,
    pinnedUntil: row.pinnedUntil && row.pinnedUntil > new Date() ? row.pinnedUntil.toISOString() : null,
    undoDeleteUntil: row.deletedAt && !undoDeleteRefusal(row, new Date(), config.STORE_NAME_HOLD_DAYS) ? nameHeldUntil(row.deletedAt, config.STORE_NAME_HOLD_DAYS).toISOString() : null,
  };
}
