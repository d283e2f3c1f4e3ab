// A plain GET form: the filters live in the URL, so they can be bookmarked and work without JS.
import Link from "next/link";

interface Props {
  phases: readonly string[];
  owners: { id: string; label: string }[];
  phase?: string;
  ownerId?: string;
}

export function StoreFilters({ phases, owners, phase, ownerId }: Props) {
  const selectClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm sm:w-56";
  return (
    <form method="get" action="/admin/stores" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4" role="search" aria-label="Filter stores">
      <div className="w-full space-y-1 sm:w-auto">
        <label htmlFor="filter-phase" className="block text-sm font-medium text-slate-700">Phase</label>
        <select id="filter-phase" name="phase" defaultValue={phase ?? ""} className={selectClass}>
          <option value="">All live stores</option>
          {phases.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </div>
      <div className="w-full space-y-1 sm:w-auto">
        <label htmlFor="filter-owner" className="block text-sm font-medium text-slate-700">Owner</label>
        <select id="filter-owner" name="owner" defaultValue={ownerId ?? ""} className={selectClass}>
          <option value="">Everyone</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500">
        Apply filters
      </button>
      {phase || ownerId ? (
        <Link href="/admin/stores" className="py-2 text-sm text-indigo-700 underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
