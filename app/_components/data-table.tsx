// The portal's table frame: a sideways-scrolling wrapper (relative, so screen-reader text in the
// rows stays inside it), an optional screen-reader caption (its accessible name), one header
// row and a tbody for the rows the caller passes as children.
import type { ReactNode } from "react";

export function DataTable({
  caption,
  columns,
  children,
}: {
  caption?: string;
  /** Column headings; a null, undefined or false entry leaves that column out. */
  columns: (ReactNode | null | undefined | false)[];
  children: ReactNode;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {columns.map((column, index) =>
              column === null || column === undefined || column === false ? null : (
                <th key={index} scope="col" className="px-4 py-2 font-medium">
                  {column}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
