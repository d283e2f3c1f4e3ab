// How a rollout's state and a store's upgrade state read: text plus colour and a symbol, so they
// read without colour vision too. Shared by the list and the detail page.
import type { RolloutStoreState, RolloutState } from "@/lib/rollouts/rules";
import type { RolloutView } from "@/lib/rollouts/views";

interface Look {
  text: string;
  symbol: string;
  className: string;
}

const ROLLOUT_LOOK: Record<RolloutState, Look> = {
  running: { text: "Running", symbol: "◔", className: "bg-sky-50 text-sky-800 ring-sky-300" },
  paused: { text: "Paused", symbol: "❚❚", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  failed: { text: "Failed", symbol: "✕", className: "bg-red-50 text-red-800 ring-red-300" },
  rolling_back: { text: "Rolling back", symbol: "↺", className: "bg-orange-50 text-orange-800 ring-orange-300" },
  succeeded: { text: "Succeeded", symbol: "✓", className: "bg-green-50 text-green-800 ring-green-300" },
  rolled_back: { text: "Rolled back", symbol: "↩", className: "bg-slate-100 text-slate-800 ring-slate-300" },
};

export function RolloutStateBadge({ state }: { state: RolloutState }) {
  const look = ROLLOUT_LOOK[state];
  return (
    <span
      data-testid="rollout-state"
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${look.className}`}
    >
      <span aria-hidden>{look.symbol}</span>
      {look.text}
    </span>
  );
}

const STORE_STATE_LOOK: Record<RolloutStoreState, Look> = {
  pending: { text: "Pending", symbol: "○", className: "text-slate-700" },
  upgrading: { text: "Upgrading", symbol: "◔", className: "text-sky-800" },
  succeeded: { text: "Upgraded", symbol: "✓", className: "text-green-800" },
  failed: { text: "Failed", symbol: "✕", className: "text-red-800" },
  skipped: { text: "Skipped", symbol: "–", className: "text-slate-600" },
  rolling_back: { text: "Rolling back", symbol: "↺", className: "text-orange-800" },
  rolled_back: { text: "Rolled back", symbol: "↩", className: "text-slate-700" },
};

export function StoreStateLabel({ state }: { state: RolloutStoreState }) {
  const look = STORE_STATE_LOOK[state];
  return (
    <span className={`whitespace-nowrap font-semibold ${look.className}`}>
      <span aria-hidden>{look.symbol}</span> {look.text}
    </span>
  );
}

/** "4 of 10 upgraded, 1 failed, 2 skipped": the upgraded share, then the stores that will not be
 * upgraded (or no longer are); the rest are pending or upgrading. */
export function progressText(counts: RolloutView["counts"]): string {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const others = (["failed", "skipped", "rolling_back", "rolled_back"] as const)
    .filter((state) => counts[state] > 0)
    .map((state) => `${counts[state]} ${STORE_STATE_LOOK[state].text.toLowerCase()}`);
  return [`${counts.succeeded} of ${total} upgraded`, ...others].join(", ");
}
