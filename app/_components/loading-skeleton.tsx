// The pulsing placeholder a route's loading.tsx shows while its page streams in.

export function LoadingSkeleton({
  label,
  bars,
  spacing = "space-y-3",
}: {
  /** Announced to screen readers, e.g. "Loading stores…". */
  label: string;
  /** One entry a bar: its size and rounding classes, e.g. "h-6 w-48 rounded". */
  bars: string[];
  spacing?: "space-y-3" | "space-y-4";
}) {
  return (
    <div role="status" aria-live="polite" className={`animate-pulse ${spacing}`}>
      <span className="sr-only">{label}</span>
      {bars.map((bar, index) => (
        <div key={index} className={`${bar} bg-slate-200`} />
      ))}
    </div>
  );
}
