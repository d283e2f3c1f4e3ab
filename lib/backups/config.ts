// Backup settings from the environment (lib/config/env.ts), read by the portal (are backups on?)
// and the worker (where they go, with which keys, how often, how many are kept).
import type { Env } from "@/lib/config/env";
import type { ObjectStoreAddress } from "./job";

export interface BackupConfig {
  objectStore: ObjectStoreAddress;
  /** Where backup pods may connect to reach the object store (the chart's NetworkPolicy). */
  egress: { cidrs: string[]; port: number };
  intervalHours: number;
  keep: { daily: number; weekly: number };
  timeoutSeconds: number;
}

/** Backups are on when an object store is configured. */
export function backupsEnabled(e: Env): boolean {
  return Boolean(e.BACKUP_S3_ENDPOINT);
}

const asCidr = (entry: string) => (entry.includes("/") ? entry : entry.includes(":") ? `${entry}/128` : `${entry}/32`);

export function backupConfig(e: Env): BackupConfig | null {
  if (!e.BACKUP_S3_ENDPOINT || !e.BACKUP_S3_BUCKET) return null;
  const url = new URL(e.BACKUP_S3_ENDPOINT);
  return {
    objectStore: { endpoint: e.BACKUP_S3_ENDPOINT, bucket: e.BACKUP_S3_BUCKET, region: e.BACKUP_S3_REGION },
    egress: { cidrs: e.BACKUP_S3_EGRESS_CIDRS.map(asCidr), port: Number(url.port) || (url.protocol === "https:" ? 443 : 80) },
    intervalHours: e.BACKUP_INTERVAL_HOURS,
    keep: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY },
    timeoutSeconds: e.BACKUP_TIMEOUT_SECONDS,
  };
}

/** The object store's keys, which only the worker holds. */
export function backupKeys(e: Env): { accessKeyId: string; secretAccessKey: string } {
  if (!e.BACKUP_S3_ACCESS_KEY_ID || !e.BACKUP_S3_SECRET_ACCESS_KEY) {
    throw new Error("BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY must be set for the worker when BACKUP_S3_ENDPOINT is");
  }
  return { accessKeyId: e.BACKUP_S3_ACCESS_KEY_ID, secretAccessKey: e.BACKUP_S3_SECRET_ACCESS_KEY };
}
