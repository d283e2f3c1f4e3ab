// The provisioning steps the worker recorded, oldest first.
import type { StoreEventView } from "@/lib/stores/views";
import { DateTime, formatDuration } from "@/app/_components/time";

const STATE_LOOK: Record<StoreEventView["state"], { symbol: string; text: string; className: string }> = {
  running: { symbol: "◔", text: "Running", className: "text-sky-800" },
  succeeded: { symbol: "✓", text: "Done", className: "text-green-800" },
  failed: { symbol: "✕", text: "Failed", className: "text-red-800" },
};

export function StoreTimeline({ events, now, final }: { events: StoreEventView[]; now: number; final: boolean }) {
  if (events.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
        {final ? "No steps were recorded for this store." : "No steps yet. They appear here as soon as the provisioning worker picks the store up."}
      </p>
    );
  }
  return (
    <ol className="space-y-3" aria-label="Provisioning steps">
      {events.map((event) => {
        const look = STATE_LOOK[event.state];
        const end = event.finishedAt ? new Date(event.finishedAt).getTime() : now;
        const duration = formatDuration(end - new Date(event.startedAt).getTime());
        return (
          <li key={event.id} data-testid="timeline-step" className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <p className="font-medium">
                <span className={`mr-2 font-semibold ${look.className}`}>
                  <span aria-hidden>{look.symbol}</span> {look.text}
                </span>
                {event.step}
              </p>
              <p className="text-xs text-slate-500">
                {event.finishedAt ? `took ${duration}` : `running for ${duration}`}
              </p>
            </div>
            {event.message ? <p className="mt-1 break-words text-slate-700">{event.message}</p> : null}
            {event.log ? (
              <details className="mt-2" open>
                <summary className="cursor-pointer text-xs font-semibold text-slate-700">Last lines of the log (secrets redacted)</summary>
                <pre data-testid="step-log" className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-2 text-xs whitespace-pre-wrap text-slate-100">
                  {event.log}
                </pre>
              </details>
            ) : null}
            <p className="mt-1 text-xs text-slate-500">
              Started <DateTime value={event.startedAt} />
              {event.finishedAt ? (
                <>
                  {" "}· finished <DateTime value={event.finishedAt} />
                </>
              ) : null}
            </p>
          </li>
        );
      })}
    </ol>
  );
}
