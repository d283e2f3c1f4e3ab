-- "Start with sample products", chosen when a store is created.
ALTER TABLE "Store" ADD COLUMN "sampleProducts" BOOLEAN NOT NULL DEFAULT false;
