import { LoadingSkeleton } from "@/app/_components/loading-skeleton";

export default function AuditLoading() {
  return <LoadingSkeleton label="Loading activity…" bars={["h-7 w-40 rounded", "h-64 rounded-lg"]} />;
}
