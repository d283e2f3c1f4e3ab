// The store's health: uptime over 24 hours and 30 days, uptime and mean response time per hour,
// and uptime per day, from the worker's checks (lib/stores/health-service.ts).
import type { StoreHealthView } from "@/lib/stores/health-service";
import { ChartFigure } from "@/app/_components/charts/chart-figure";
import { DateTime } from "@/app/_components/time";

const hourLabel = (iso: string) => `${iso.slice(11, 13)}:00`;
const dayLabel = (iso: string) => iso.slice(5, 10);
const percent = (v: number | null) => (v === null ? "no checks yet" : `${v} %`);

/** "Worst hour: 14:00 at 40 %" or that every checked hour was fully up. */
function worst(buckets: StoreHealthView["hours"], label: (iso: string) => string, unit: string): string {
  const checked = buckets.filter((b) => b.uptime !== null);
  if (checked.length === 0) return "No checks in this period.";
  const low = checked.reduce((a, b) => (b.uptime! < a.uptime! ? b : a));
  return low.uptime === 100 ? `Up in every checked ${unit}.` : `Lowest: ${label(low.start)} at ${low.uptime} %.`;
}

export function StoreHealth({ health }: { health: StoreHealthView }) {
  const responses = health.hours.filter((h) => h.meanResponseMs !== null).map((h) => h.meanResponseMs!);
  const meanResponse = responses.length ? Math.round(responses.reduce((a, b) => a + b, 0) / responses.length) : null;
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">Uptime, 24 hours</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="uptime-24h">{percent(health.uptime24h)}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">Uptime, 30 days</dt>
          <dd className="text-lg font-semibold tabular-nums">{percent(health.uptime30d)}</dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-600">Mean response, 24 hours</dt>
          <dd className="text-lg font-semibold tabular-nums">{meanResponse === null ? "—" : `${meanResponse} ms`}</dd>
        </div>
        <div className={`rounded-lg border p-3 ${health.degraded ? "border-red-200 bg-red-50" : "border-slate-200 bg-white"}`}>
          <dt className="text-xs text-slate-600">Last check</dt>
          <dd className="text-sm font-semibold">
            {health.checkedAt ? <DateTime value={health.checkedAt} /> : "not yet"}
            {health.problem ? <span className="block font-normal text-red-800">{health.problem}</span> : null}
          </dd>
        </div>
      </dl>
      <div className="grid gap-3 lg:grid-cols-3">
        <ChartFigure
          testId="chart-uptime-hours"
          title="Uptime per hour (24 hours)"
          summary={`${percent(health.uptime24h)} over 24 hours. ${worst(health.hours, hourLabel, "hour")}`}
          points={health.hours.map((h) => ({ label: hourLabel(h.start), value: h.uptime }))}
          unit="%"
          max={100}
          color="#16a34a"
        />
        <ChartFigure
          testId="chart-response-hours"
          title="Mean storefront response per hour (24 hours)"
          summary={meanResponse === null ? "No checks in this period." : `${meanResponse} ms on average over the checked hours.`}
          points={health.hours.map((h) => ({ label: hourLabel(h.start), value: h.meanResponseMs }))}
          unit="ms"
          kind="line"
        />
        <ChartFigure
          testId="chart-uptime-days"
          title="Uptime per day (30 days)"
          summary={`${percent(health.uptime30d)} over 30 days. ${worst(health.days, dayLabel, "day")}`}
          points={health.days.map((d) => ({ label: dayLabel(d.start), value: d.uptime }))}
          unit="%"
          max={100}
          color="#16a34a"
        />
      </div>
    </div>
  );
}
