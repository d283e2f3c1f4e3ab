-- Fleet versions, rollouts in waves and pinning (lib/rollouts, lib/worker/versions.ts).
CREATE TYPE "RolloutState" AS ENUM ('running', 'paused', 'failed', 'rolling_back', 'succeeded', 'rolled_back');
CREATE TYPE "RolloutStoreState" AS ENUM ('pending', 'upgrading', 'succeeded', 'failed', 'skipped', 'rolling_back', 'rolled_back');

CREATE TABLE "FleetVersion" (
    "id" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "chartDigest" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "chartFiles" JSONB NOT NULL,
    "baseValues" JSONB NOT NULL DEFAULT '{}',
    "woocommerceVersion" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FleetVersion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "FleetVersion_digest_key" ON "FleetVersion"("digest");

ALTER TABLE "Store" ADD COLUMN "versionId" TEXT, ADD COLUMN "pinnedUntil" TIMESTAMP(3);
ALTER TABLE "Store" ADD CONSTRAINT "Store_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "FleetVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "Rollout" (
    "id" TEXT NOT NULL,
    "targetVersionId" TEXT NOT NULL,
    "state" "RolloutState" NOT NULL DEFAULT 'running',
    "canarySize" INTEGER NOT NULL,
    "batchSize" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    CONSTRAINT "Rollout_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Rollout_createdAt_idx" ON "Rollout"("createdAt");
ALTER TABLE "Rollout" ADD CONSTRAINT "Rollout_targetVersionId_fkey" FOREIGN KEY ("targetVersionId") REFERENCES "FleetVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- At most one rollout is active (not finished) at a time (hand-written: Prisma cannot express a
-- partial index).
CREATE UNIQUE INDEX "Rollout_one_active_key" ON "Rollout"((true)) WHERE "state" IN ('running', 'paused', 'failed', 'rolling_back');

CREATE TABLE "RolloutStore" (
    "id" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "batch" INTEGER,
    "fromVersionId" TEXT NOT NULL,
    "state" "RolloutStoreState" NOT NULL DEFAULT 'pending',
    "generation" INTEGER,
    "settledAt" TIMESTAMP(3),
    "message" TEXT NOT NULL DEFAULT 'Waiting for its batch',
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "RolloutStore_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "RolloutStore_rolloutId_storeId_key" ON "RolloutStore"("rolloutId", "storeId");
CREATE INDEX "RolloutStore_storeId_idx" ON "RolloutStore"("storeId");
ALTER TABLE "RolloutStore" ADD CONSTRAINT "RolloutStore_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "RolloutStore" ADD CONSTRAINT "RolloutStore_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;
