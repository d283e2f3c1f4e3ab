// What the portal and the API show of a store: a small DTO, never the raw row (no lease or
// reconcile internals).
import type { Env } from "@/lib/config/env";
import type { DesiredState, StorePhase } from "@/lib/generated/prisma/enums";
import { storeAdminUrl, storeNamespace, storeUrl } from "@/lib/stores/naming";

export interface StoreView {
  id: string;
  slug: string;
  displayName: string;
  size: string;
  sizeLabel: string;
  resources: { cpu: string; memory: string; storage: string } | null;
  owner: { id: string; email: string; name: string };
  desiredState: DesiredState;
  phase: StorePhase;
  statusMessage: string;
  statusHint: string | null;
  failureReason: string | null;
  namespace: string;
  url: string;
  adminUrl: string;
  createdAt: string;
  updatedAt: string;
  readyAt: string | null;
  deletedAt: string | null;
}

export interface StoreRow {
  id: string;
  slug: string;
  displayName: string;
  size: string;
  desiredState: DesiredState;
  phase: StorePhase;
  statusMessage: string;
  statusHint: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  readyAt: Date | null;
  deletedAt: Date | null;
  owner: { id: string; email: string; name: string };
}

export const storeRowSelect = {
  id: true,
  slug: true,
  displayName: true,
  size: true,
  desiredState: true,
  phase: true,
  statusMessage: true,
  statusHint: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
  readyAt: true,
  deletedAt: true,
  owner: { select: { id: true, email: true, name: true } },
} as const;

export function toStoreView(row: StoreRow, config: Pick<Env, "STORE_SIZES" | "STORE_URL_SCHEME" | "STORE_BASE_DOMAIN">): StoreView {
  const preset = config.STORE_SIZES[row.size];
  return {
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    size: row.size,
    sizeLabel: preset?.label ?? row.size,
    resources: preset ? { cpu: preset.cpu, memory: preset.memory, storage: preset.storage } : null,
    owner: row.owner,
    desiredState: row.desiredState,
    phase: row.phase,
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
  };
}
