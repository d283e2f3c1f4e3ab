import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/app/_lib/session";
import { platformStatus, type CheckResult } from "@/lib/platform/status";
import { DataTable } from "@/app/_components/data-table";
import { PhaseBadge } from "@/app/_components/phase-badge";
import { DateTime } from "@/app/_components/time";
import { fleetStats } from "@/lib/stores/fleet-stats";
import { FleetCharts } from "./fleet-charts";
import { PageSection } from "@/app/_components/sections";

export const metadata: Metadata = { title: "Platform status" };
// Live checks on every request; never a build-time snapshot.
export const dynamic = "force-dynamic";

const CHECK_LABELS = { database: "Database", cluster: "Kubernetes cluster", worker: "Provisioning worker" } as const;

function CheckCard({ label, check }: { label: string; check: CheckResult }) {
  return (
    <div className={`rounded-lg border p-4 ${check.ok ? "border-green-200 bg-green-50" : "border-red-200 bg-red-50"}`}>
      <dt className="text-sm font-medium text-slate-700">{label}</dt>
      <dd className={`mt-1 font-semibold ${check.ok ? "text-green-800" : "text-red-800"}`}>
        <span aria-hidden>{check.ok ? "✓ " : "✕ "}</span>
        {check.ok ? "OK" : "Problem"}
      </dd>
      <dd className="mt-1 break-words text-sm text-slate-700">{check.detail}</dd>
    </div>
  );
}

export default async function PlatformStatusPage() {
  await requireAdminPage();
  const [status, fleet] = await Promise.all([platformStatus(), fleetStats()]);
  const phases = Object.entries(status.storesByPhase) as [keyof typeof status.storesByPhase, number][];
  return (
    <section aria-labelledby="status-heading" className="space-y-8">
      <div>
        <h1 id="status-heading" className="text-2xl font-semibold">
          Platform status
        </h1>
        <p className={`text-sm font-medium ${status.ok ? "text-green-800" : "text-red-800"}`} role="status">
          {status.ok ? "The portal is serving." : "The portal cannot reach its database."}
        </p>
      </div>

      <PageSection id="checks" title="Checks">
        <dl className="grid gap-3 sm:grid-cols-3">
          {(Object.keys(CHECK_LABELS) as (keyof typeof CHECK_LABELS)[]).map((key) => (
            <CheckCard key={key} label={CHECK_LABELS[key]} check={status.checks[key]} />
          ))}
        </dl>
      </PageSection>

      <PageSection id="phases" title="Stores by phase">
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {phases.map(([phase, count]) => (
            <li key={phase}>
              <Link href={`/admin/stores?phase=${phase}`} className="flex items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white p-3 hover:border-indigo-300">
                <PhaseBadge phase={phase} />
                <span className="text-lg font-semibold tabular-nums">{count}</span>
              </Link>
            </li>
          ))}
        </ul>
      </PageSection>

      <PageSection id="fleet" title="Fleet, last 30 days">
        <FleetCharts stats={fleet} phases={phases.map(([phase, count]) => ({ label: phase, value: count }))} />
      </PageSection>

      <PageSection id="workers" title="Workers">
        {status.workers.length === 0 ? (
          <p className="rounded-lg border border-dashed border-red-300 bg-white p-6 text-center text-sm text-red-800">
            No provisioning worker has reported recently; new stores will stay Pending.
          </p>
        ) : (
          <DataTable caption="Running provisioning workers" columns={["Worker", "Host", "Last seen", "Stores in progress"]}>
            {status.workers.map((worker) => (
              <tr key={worker.id}>
                <td className="px-4 py-2 font-mono text-xs">{worker.id}</td>
                <td className="px-4 py-2">{worker.hostname}</td>
                <td className="px-4 py-2">
                  <DateTime value={worker.lastSeenAt} />
                </td>
                <td className="px-4 py-2 tabular-nums">{worker.activeCount}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PageSection>
    </section>
  );
}
