export default function StoreLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <span className="sr-only">Loading store…</span>
      <div className="h-4 w-16 rounded bg-slate-200" />
      <div className="h-8 w-56 rounded bg-slate-200" />
      <div className="h-16 rounded-lg bg-slate-200" />
      <div className="h-48 rounded-lg bg-slate-200" />
      <div className="h-32 rounded-lg bg-slate-200" />
    </div>
  );
}
