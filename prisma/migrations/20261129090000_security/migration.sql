-- Issue #9 (portal security): API token scope and expiry, the OIDC subject linked to an
-- account, an index to find a deleted store's held name, and the rate-limit counters.

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('full', 'read');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "oidcSubject" TEXT;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "scope" "TokenScope" NOT NULL DEFAULT 'full';

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE INDEX "RateLimitCounter_expiresAt_idx" ON "RateLimitCounter"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcSubject_key" ON "User"("oidcSubject");

-- CreateIndex
CREATE INDEX "Store_slug_deletedAt_idx" ON "Store"("slug", "deletedAt");

