// Where a backup's objects live and what its manifest says: the contract between the backup
// Job's script (lib/backups/job.ts), the worker that checks the result and the tests that read
// the objects back.

export const BACKUP_OBJECTS = {
  /** `mariadb-dump --single-transaction` of the store's database, gzip. */
  database: "db.sql.gz",
  /** tar of WordPress's wp-content (uploads, plugins, themes), gzip. */
  files: "wp-content.tar.gz",
  /** Written last: a backup without it is incomplete. */
  manifest: "manifest.json",
} as const;

/** `stores/<slug>/<backup id>/`: a store's backups stay together and outlive the store. */
export function backupPrefix(slug: string, backupId: string): string {
  return `stores/${slug}/${backupId}/`;
}

export interface ManifestObject {
  key: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  store: string;
  backup: string;
  createdAt: string;
  versions: { wordpress: string; mariadb: string; woocommerce?: string };
  objects: { database: ManifestObject; files: ManifestObject };
}

const isObjectEntry = (v: unknown): v is ManifestObject =>
  typeof v === "object" && v !== null && typeof (v as ManifestObject).key === "string" && Number.isSafeInteger((v as ManifestObject).bytes) && /^[0-9a-f]{64}$/.test((v as ManifestObject).sha256);

/** The manifest a Job wrote, or the reason it is not one this backup can trust. */
export function parseManifest(text: string, expected: { store: string; backup: string; prefix: string }): BackupManifest | string {
  let m: BackupManifest;
  try {
    m = JSON.parse(text) as BackupManifest;
  } catch {
    return "the manifest is not JSON";
  }
  if (m?.store !== expected.store || m.backup !== expected.backup) return "the manifest names another store or backup";
  const { database, files } = m.objects ?? {};
  if (!isObjectEntry(database) || !isObjectEntry(files)) return "the manifest lacks an object's key, size or checksum";
  if (database.key !== `${expected.prefix}${BACKUP_OBJECTS.database}` || files.key !== `${expected.prefix}${BACKUP_OBJECTS.files}`) return "the manifest's objects are outside the backup";
  return m;
}
