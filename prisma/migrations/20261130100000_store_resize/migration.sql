-- Resizing a store: the storage its volumes are sized from, and why they could not grow.
-- Existing rows keep NULL: their volumes were sized from their size preset.
ALTER TABLE "Store" ADD COLUMN "volumeStorage" TEXT;
ALTER TABLE "Store" ADD COLUMN "volumeNote" TEXT;
