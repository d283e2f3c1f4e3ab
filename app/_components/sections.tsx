// Building blocks the portal's pages share: a titled section and a row of a description list.

/** A section named by its heading (aria-labelledby), for screen readers' landmarks. */
export function PageSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** One term and its description in a details list; the two sit side by side from `sm` up. */
export function DetailRow({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 px-4 py-3 sm:grid-cols-[12rem_1fr]">
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}
