-- Health checks of running stores (lib/worker/health.ts): the latest state on the store, and
-- hourly rollups of the results for the uptime and response-time charts.
ALTER TABLE "Store" ADD COLUMN "healthCheckedAt" TIMESTAMP(3),
ADD COLUMN "healthFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "healthMessage" TEXT;

CREATE TABLE "StoreHealthHour" (
    "storeId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "responseMsSum" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "StoreHealthHour_pkey" PRIMARY KEY ("storeId","hour")
);

CREATE INDEX "StoreHealthHour_hour_idx" ON "StoreHealthHour"("hour");

ALTER TABLE "StoreHealthHour" ADD CONSTRAINT "StoreHealthHour_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;
