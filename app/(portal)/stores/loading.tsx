import { LoadingSkeleton } from "@/app/_components/loading-skeleton";

export default function StoresLoading() {
  return <LoadingSkeleton label="Loading stores…" bars={["h-7 w-32 rounded", "h-4 w-40 rounded", "h-40 rounded-lg"]} />;
}
