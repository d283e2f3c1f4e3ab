// Which scheduled backups to keep: the newest of each of the last `daily` days and of the last
// `weekly` ISO weeks (UTC), like a classic grandfather-father rotation. Manual and final backups
// are never expired by it: their owner asked for them.

export interface RetainedBackup {
  id: string;
  finishedAt: Date;
}

const DAY_MS = 86_400_000;

const dayOf = (d: Date) => Math.floor(d.getTime() / DAY_MS);
/** Days since 1970-01-05, a Monday, divided by 7: the ISO week's number in a running count. */
const weekOf = (d: Date) => Math.floor((dayOf(d) - 4) / 7);

function newestPerPeriod(backups: RetainedBackup[], period: (d: Date) => number, now: Date, count: number): Set<string> {
  const keep = new Set<string>();
  const seen = new Set<number>();
  const current = period(now);
  for (const b of [...backups].sort((x, y) => y.finishedAt.getTime() - x.finishedAt.getTime())) {
    const p = period(b.finishedAt);
    if (current - p >= count || seen.has(p)) continue;
    seen.add(p);
    keep.add(b.id);
  }
  return keep;
}

/** The ids of the backups that retention expires. */
export function expiredBackups(backups: RetainedBackup[], now: Date, policy: { daily: number; weekly: number }): string[] {
  const keep = new Set([...newestPerPeriod(backups, dayOf, now, policy.daily), ...newestPerPeriod(backups, weekOf, now, policy.weekly)]);
  return backups.filter((b) => !keep.has(b.id)).map((b) => b.id);
}
