-- The backup being restored into a store (lib/backups/restore.ts).
ALTER TABLE "Store" ADD COLUMN "restoreBackupId" TEXT;
