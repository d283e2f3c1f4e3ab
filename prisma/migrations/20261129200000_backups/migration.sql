-- Store backups (lib/backups): one row per backup, kept after its store is deleted.
CREATE TYPE "BackupKind" AS ENUM ('manual', 'scheduled', 'final');
CREATE TYPE "BackupState" AS ENUM ('requested', 'running', 'succeeded', 'failed');

CREATE TABLE "Backup" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "kind" "BackupKind" NOT NULL,
    "state" "BackupState" NOT NULL DEFAULT 'requested',
    "requestedById" TEXT,
    "manifest" JSONB,
    "sizeBytes" BIGINT,
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "expiredAt" TIMESTAMP(3),
    "eventId" TEXT,
    CONSTRAINT "Backup_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Backup_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE INDEX "Backup_storeId_requestedAt_idx" ON "Backup"("storeId", "requestedAt");
CREATE INDEX "Backup_state_idx" ON "Backup"("state");
-- One backup at a time per store: a second request while one is queued or running is refused.
CREATE UNIQUE INDEX "Backup_one_active_per_store" ON "Backup"("storeId") WHERE "state" IN ('requested', 'running');
