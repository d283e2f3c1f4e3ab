// Previous/next links for a paged list; the href keeps the page's other query parameters.
import Link from "next/link";

export function Pagination({
  page,
  pageSize,
  total,
  path,
  params = {},
}: {
  page: number;
  pageSize: number;
  total: number;
  path: string;
  params?: Record<string, string | undefined>;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-600">
        Page {page} of {pages} ({total} in all)
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={withPage(path, params, page - 1)} className={linkClass} rel="prev">
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={withPage(path, params, page + 1)} className={linkClass} rel="next">
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

/** The query string of `params` with `page` replaced. */
export function withPage(path: string, params: Record<string, string | undefined>, page: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value && key !== "page") query.set(key, value);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A page number from the query, or 1 for anything that is not one. */
export function pageNumber(raw: string | string[] | undefined): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
