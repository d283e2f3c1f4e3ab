// The fleet as charts (lib/stores/fleet-stats.ts): live stores by phase now and per day, how long
// new stores took to become Ready, why stores are Failed and failed steps per day. Each chart's
// caption says what it found; its numbers are also a table.
import type { FleetStats, CountPoint } from "@/lib/stores/fleet-stats";
import { ChartFigure } from "@/app/_components/charts/chart-figure";

const total = (points: CountPoint[]) => points.reduce((n, p) => n + p.value, 0);
const minutes = (seconds: number) => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;

/** `phases`: every store by phase; the deleted ones are left out here. */
export function FleetCharts({ stats, phases: allPhases }: { stats: FleetStats; phases: CountPoint[] }) {
  const phases = allPhases.filter((p) => p.label !== "Deleted");
  const live = stats.liveByDay;
  const busiest = phases.reduce((a, b) => (b.value > a.value ? b : a), { label: "none", value: 0 });
  const failing = stats.failedByReason;
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <ChartFigure
        testId="chart-fleet-phases"
        title="Live stores by phase"
        summary={`${total(phases)} live stores; the most are ${busiest.label} (${busiest.value}).`}
        points={phases}
        unit="stores"
        categorical
      />
      <ChartFigure
        testId="chart-fleet-live"
        title="Live stores per day"
        summary={`${live.at(-1)!.value} today, ${live[0]!.value} 30 days ago.`}
        points={live}
        unit="stores"
        kind="line"
      />
      <ChartFigure
        testId="chart-fleet-provisioning"
        title="Time from create to Ready"
        summary={
          stats.provisioning.medianSeconds === null
            ? "No store became Ready in this period."
            : `${stats.provisioning.count} new stores; half were Ready within ${minutes(stats.provisioning.medianSeconds)}.`
        }
        points={stats.provisioning.bins}
        unit="stores"
        categorical
      />
      <ChartFigure
        testId="chart-fleet-failures"
        title="Failed stores by reason"
        summary={failing.length === 0 ? "No store is Failed." : `${total(failing)} Failed; the most for ${failing[0]!.label} (${failing[0]!.value}).`}
        points={failing.length ? failing : [{ label: "none", value: 0 }]}
        unit="stores"
        color="#dc2626"
        categorical
      />
      <ChartFigure
        testId="chart-fleet-failed-steps"
        title="Failed steps per day"
        summary={`${total(stats.failedStepsByDay)} failed steps in 30 days (retries included).`}
        points={stats.failedStepsByDay}
        unit="steps"
        color="#dc2626"
      />
    </div>
  );
}
