export default function StoresLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-3">
      <span className="sr-only">Loading stores…</span>
      <div className="h-7 w-32 rounded bg-slate-200" />
      <div className="h-4 w-40 rounded bg-slate-200" />
      <div className="h-40 rounded-lg bg-slate-200" />
    </div>
  );
}
