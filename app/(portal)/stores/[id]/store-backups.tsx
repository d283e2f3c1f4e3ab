// The store's backups: when, why, how it went and how big, newest first.
import type { BackupView } from "@/lib/backups/views";
import { formatBytes, isRestorable } from "@/lib/backups/views";
import { RestoreButton } from "./restore-button";
import { CloneForm } from "./clone-form";

const KIND_LABEL: Record<BackupView["kind"], string> = { manual: "Asked for", scheduled: "Scheduled", final: "Before deletion" };

function result(b: BackupView): string {
  if (b.state === "requested") return "Queued";
  if (b.state === "running") return "Running";
  if (b.state === "failed") return `Failed: ${b.error ?? "no reason recorded"}`;
  return b.expired ? "Succeeded; expired by retention" : "Succeeded";
}

const when = (iso: string) => `${new Date(iso).toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** `restorable`: the store runs, so a whole backup can be restored into it; `clonable`: backups are
 * configured, so a whole backup can seed a new store. */
export function StoreBackups({ storeId, backups, restorable, clonable }: { storeId: string; backups: BackupView[]; restorable: boolean; clonable: boolean }) {
  if (backups.length === 0) return <p className="text-sm text-slate-600">No backups yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="backups">
        <caption className="sr-only">Backups of this store, newest first</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">Requested</th>
            <th scope="col" className="px-3 py-2">Kind</th>
            <th scope="col" className="px-3 py-2">Result</th>
            <th scope="col" className="px-3 py-2">Size</th>
            <th scope="col" className="px-3 py-2"><span className="sr-only">Restore or clone</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {backups.map((b) => (
            <tr key={b.id}>
              <td className="px-3 py-2 whitespace-nowrap">
                <time dateTime={b.requestedAt}>{when(b.requestedAt)}</time>
              </td>
              <td className="px-3 py-2">{KIND_LABEL[b.kind]}</td>
              <td className={`px-3 py-2 ${b.state === "failed" ? "text-red-800" : ""}`}>{result(b)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{b.sizeBytes === null ? "—" : formatBytes(b.sizeBytes)}</td>
              <td className="space-y-2 px-3 py-2">
                {restorable && isRestorable(b) ? <RestoreButton storeId={storeId} backupId={b.id} taken={when(b.finishedAt ?? b.requestedAt)} /> : null}
                {clonable && isRestorable(b) ? <CloneForm storeId={storeId} backupId={b.id} taken={when(b.finishedAt ?? b.requestedAt)} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
