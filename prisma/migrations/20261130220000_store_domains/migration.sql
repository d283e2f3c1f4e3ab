-- Custom domains of stores (lib/domains): proven by a DNS TXT record, then routed.
CREATE TABLE "StoreDomain" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "verificationToken" TEXT NOT NULL,
    "verifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StoreDomain_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "StoreDomain_storeId_host_key" ON "StoreDomain"("storeId", "host");
CREATE INDEX "StoreDomain_host_idx" ON "StoreDomain"("host");

ALTER TABLE "StoreDomain" ADD CONSTRAINT "StoreDomain_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Two stores can never both serve a host: a verified host is unique (hand-written: Prisma cannot
-- express a partial index).
CREATE UNIQUE INDEX "StoreDomain_verified_host_key" ON "StoreDomain"("host") WHERE "verifiedAt" IS NOT NULL;
