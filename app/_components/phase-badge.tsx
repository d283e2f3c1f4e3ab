// A store's phase as text plus colour and a symbol, so it reads without colour vision too.
import type { StoreView } from "@/lib/stores/views";

type Phase = StoreView["phase"];

const PHASE_STYLE: Record<Phase, { className: string; symbol: string }> = {
  Pending: { className: "bg-slate-100 text-slate-800 ring-slate-300", symbol: "○" },
  Provisioning: { className: "bg-sky-50 text-sky-800 ring-sky-300", symbol: "◔" },
  Ready: { className: "bg-green-50 text-green-800 ring-green-300", symbol: "●" },
  Suspending: { className: "bg-amber-50 text-amber-800 ring-amber-300", symbol: "◑" },
  Suspended: { className: "bg-amber-100 text-amber-900 ring-amber-400", symbol: "❚❚" },
  Failed: { className: "bg-red-50 text-red-800 ring-red-300", symbol: "✕" },
  Deleting: { className: "bg-orange-50 text-orange-800 ring-orange-300", symbol: "◌" },
  Deleted: { className: "bg-slate-200 text-slate-700 ring-slate-400", symbol: "–" },
};

export function PhaseBadge({ phase }: { phase: Phase }) {
  const style = PHASE_STYLE[phase];
  return (
    <span
      data-testid="phase-badge"
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${style.className}`}
    >
      <span aria-hidden>{style.symbol}</span>
      {phase}
    </span>
  );
}
