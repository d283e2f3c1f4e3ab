// What the portal and the API show of fleet versions and rollouts.
import { z } from "zod";
import type { FleetVersion, Rollout, RolloutStore } from "@/lib/generated/prisma/client";
import { allowedControls, ROLLOUT_CONTROLS, ROLLOUT_STATES, ROLLOUT_STORE_STATES, type RolloutState, type RolloutStoreState } from "./rules";

const versionRefSchema = z.object({ id: z.string(), label: z.string() });

export const versionViewSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    chart: z.string().meta({ description: "The store chart's version" }),
    wordpressImage: z.string(),
    woocommerce: z.string(),
    createdAt: z.iso.datetime().meta({ description: "When a worker shipping it first started" }),
    newest: z.boolean().meta({ description: "New stores start on it" }),
    stores: z.number().int().meta({ description: "Live stores running it" }),
  })
  .meta({ id: "FleetVersion" });
export type VersionView = z.infer<typeof versionViewSchema>;

export function toVersionView(v: Pick<FleetVersion, "id" | "label" | "summary" | "createdAt">, stores: number, newest: boolean): VersionView {
  const s = v.summary as { chart: string; wordpressImage: string; woocommerce: string };
  return { id: v.id, label: v.label, chart: s.chart, wordpressImage: s.wordpressImage, woocommerce: s.woocommerce, createdAt: v.createdAt.toISOString(), newest, stores };
}

export const rolloutViewSchema = z
  .object({
    id: z.string(),
    state: z.enum(ROLLOUT_STATES),
    targetVersion: versionRefSchema,
    canarySize: z.number().int(),
    batchSize: z.number().int(),
    message: z.string(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    batches: z.number().int().meta({ description: "Batches, the canary included" }),
    counts: z.record(z.enum(ROLLOUT_STORE_STATES), z.number().int()).meta({ description: "Stores by state" }),
    allowedControls: z.array(z.enum(ROLLOUT_CONTROLS)),
  })
  .meta({ id: "Rollout" });
export type RolloutView = z.infer<typeof rolloutViewSchema>;

export const rolloutStoreViewSchema = z
  .object({
    storeId: z.string(),
    slug: z.string(),
    displayName: z.string(),
    batch: z.number().int().nullable().meta({ description: "0 is the canary; null for a store skipped when the rollout was planned" }),
    state: z.enum(ROLLOUT_STORE_STATES),
    message: z.string(),
    fromVersion: versionRefSchema,
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "RolloutStore" });
export type RolloutStoreView = z.infer<typeof rolloutStoreViewSchema>;

export const rolloutDetailSchema = rolloutViewSchema.extend({ stores: z.array(rolloutStoreViewSchema) }).meta({ id: "RolloutDetail" });
export type RolloutDetail = z.infer<typeof rolloutDetailSchema>;

type RolloutRow = Rollout & { targetVersion: Pick<FleetVersion, "id" | "label">; stores: Pick<RolloutStore, "state" | "batch">[] };

export function toRolloutView(r: RolloutRow): RolloutView {
  const counts = Object.fromEntries(ROLLOUT_STORE_STATES.map((s) => [s, 0])) as Record<RolloutStoreState, number>;
  for (const s of r.stores) counts[s.state as RolloutStoreState] += 1;
  return {
    id: r.id,
    state: r.state as RolloutState,
    targetVersion: { id: r.targetVersion.id, label: r.targetVersion.label },
    canarySize: r.canarySize,
    batchSize: r.batchSize,
    message: r.message,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    batches: r.stores.reduce((max, s) => (s.batch === null ? max : Math.max(max, s.batch + 1)), 0),
    counts,
    allowedControls: allowedControls(r.state as RolloutState),
  };
}

type RolloutStoreRow = RolloutStore & { store: { slug: string; displayName: string } };

export function toRolloutStoreView(row: RolloutStoreRow, versionLabels: Map<string, string>): RolloutStoreView {
  return {
    storeId: row.storeId,
    slug: row.store.slug,
    displayName: row.store.displayName,
    batch: row.batch,
    state: row.state as RolloutStoreState,
    message: row.message,
    fromVersion: { id: row.fromVersionId, label: versionLabels.get(row.fromVersionId) ?? row.fromVersionId },
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
