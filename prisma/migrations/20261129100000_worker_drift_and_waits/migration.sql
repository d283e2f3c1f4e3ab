-- The worker's drift reference and the deadline of waits that now survive requeues.
ALTER TABLE "Store" ADD COLUMN     "appliedState" JSONB,
ADD COLUMN     "progressDeadline" TIMESTAMP(3),
ADD COLUMN     "progressKey" TEXT;
