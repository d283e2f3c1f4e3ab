import { LoadingSkeleton } from "@/app/_components/loading-skeleton";

export default function StoreLoading() {
  return (
    <LoadingSkeleton
      label="Loading store…"
      spacing="space-y-4"
      bars={["h-4 w-16 rounded", "h-8 w-56 rounded", "h-16 rounded-lg", "h-48 rounded-lg", "h-32 rounded-lg"]}
    />
  );
}
