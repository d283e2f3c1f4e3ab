// Dates rendered on the server in UTC, so the server and the browser agree on the text and every
// reader sees the same time as the audit log and the API.
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export function DateTime({ value, dateOnly = false }: { value: string | null; dateOnly?: boolean }) {
  if (!value) return <span className="text-slate-400">—</span>;
  const date = new Date(value);
  return (
    <time dateTime={value} title={value} className="whitespace-nowrap">
      {dateOnly ? dateFormat.format(date) : `${dateTimeFormat.format(date)} UTC`}
    </time>
  );
}

/** "4s", "2m 05s", "1h 03m": short enough for a table cell. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}
