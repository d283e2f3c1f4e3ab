import { LoadingSkeleton } from "@/app/_components/loading-skeleton";

export default function Loading() {
  return <LoadingSkeleton label="Loading…" bars={["h-6 w-48 rounded", "h-24 rounded"]} />;
}
