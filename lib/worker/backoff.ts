// Exponential backoff with a cap and jitter. Jitter spreads the retries of many stores that
// failed together (say, during an API outage) so they do not all hit the cluster at once.
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, capMs: 10 * 60_000 };

/** Delay before attempt number `attempt` (1 = first retry); random() in [0,1). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  // "Equal jitter": never less than half the delay (a real pause), never more than the cap.
  return Math.round(exp / 2 + random() * (exp / 2));
}
