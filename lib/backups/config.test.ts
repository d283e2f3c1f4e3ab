import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { backupConfig, backupKeys, backupsEnabled } from "./config";

const base = { DATABASE_URL: "postgresql://u@localhost/db", AUTH_SECRET: "x".repeat(32) };

describe("backup settings", () => {
  it("are off without an object store", () => {
    const e = parseEnv(base);
    expect(backupsEnabled(e)).toBe(false);
    expect(backupConfig(e)).toBeNull();
  });

  it("default to a daily schedule, 7 daily and 4 weekly kept, egress anywhere on the endpoint's port", () => {
    const e = parseEnv({ ...base, BACKUP_S3_ENDPOINT: "https://s3.example.test", BACKUP_S3_BUCKET: "shop-backups" });
    expect(backupConfig(e)).toEqual({
      objectStore: { endpoint: "https://s3.example.test", bucket: "shop-backups", region: "us-east-1" },
      egress: { cidrs: ["0.0.0.0/0"], port: 443 },
      intervalHours: 24,
      keep: { daily: 7, weekly: 4 },
      timeoutSeconds: 3600,
    });
  });

  it("turn plain addresses into CIDR ranges for the NetworkPolicy and read the port from the endpoint", () => {
    const e = parseEnv({ ...base, BACKUP_S3_ENDPOINT: "http://10.97.0.1:9390", BACKUP_S3_BUCKET: "b-1", BACKUP_S3_EGRESS_CIDRS: "10.97.0.1, 10.0.0.0/8, fd00::1" });
    expect(backupConfig(e)!.egress).toEqual({ cidrs: ["10.97.0.1/32", "10.0.0.0/8", "fd00::1/128"], port: 9390 });
  });

  it("refuse an endpoint without a bucket, and a worker without keys", () => {
    expect(() => parseEnv({ ...base, BACKUP_S3_ENDPOINT: "https://s3.example.test" })).toThrow(/BACKUP_S3_BUCKET: is required when BACKUP_S3_ENDPOINT is set/);
    expect(() => parseEnv({ ...base, BACKUP_S3_ENDPOINT: "s3.example.test", BACKUP_S3_BUCKET: "b-1" })).toThrow(/BACKUP_S3_ENDPOINT: must be an http\(s\):\/\/ URL/);
    const e = parseEnv({ ...base, BACKUP_S3_ENDPOINT: "https://s3.example.test", BACKUP_S3_BUCKET: "b-1" });
    expect(() => backupKeys(e)).toThrow(/BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY must be set/);
  });
});
