// What the portal and the API show of a backup. The zod schema is the REST API's response shape
// and the source of its OpenAPI document.
import { z } from "zod";
import type { Backup } from "@/lib/generated/prisma/client";

const timestamp = z.iso.datetime();

export const backupViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["manual", "scheduled", "final"]).meta({ description: "Asked for, made by the schedule, or made just before the store was deleted" }),
    state: z.enum(["requested", "running", "succeeded", "failed"]),
    sizeBytes: z.number().int().nullable().meta({ description: "Database dump and wp-content archive together, compressed" }),
    error: z.string().nullable().meta({ description: "Why a failed backup failed" }),
    expired: z.boolean().meta({ description: "Retention deleted its objects" }),
    requestedAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: "Backup" });
export type BackupView = z.infer<typeof backupViewSchema>;

export function toBackupView(b: Backup): BackupView {
  return {
    id: b.id,
    kind: b.kind,
    state: b.state,
    sizeBytes: b.sizeBytes === null ? null : Number(b.sizeBytes),
    error: b.error,
    expired: b.expiredAt !== null,
    requestedAt: b.requestedAt.toISOString(),
    startedAt: b.startedAt?.toISOString() ?? null,
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

/** All its objects are there: it can be restored into its store or seed a clone. */
export const isRestorable = (b: Pick<BackupView, "state" | "expired">) => b.state === "succeeded" && !b.expired;

/** A size as people read it: 45.9 KB, 28.7 MB (powers of 1000, like the object store's console). */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
