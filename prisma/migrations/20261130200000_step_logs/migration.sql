-- A failed step keeps the failing container's last log lines (redacted).
ALTER TABLE "StoreEvent" ADD COLUMN "log" TEXT;
