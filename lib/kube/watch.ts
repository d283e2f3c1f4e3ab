// Waits for a condition by watching the objects it depends on: every watch event re-runs the
// check, so progress is seen within milliseconds without polling the API in a tight loop. A slow
// recheck timer covers watches that drop silently (API restarts, proxies closing idle streams).
import type { Kube } from "./client";

export interface WatchTarget {
  path: string;
  query?: Record<string, string>;
}

export type WaitResult<T> = { ok: true; value: T } | { ok: false; why: "timeout" | "aborted" };

export interface WaitOptions {
  timeoutMs: number;
  recheckMs?: number;
  signal?: AbortSignal;
}

export async function waitWithWatches<T>(
  kube: Kube,
  targets: WatchTarget[],
  check: () => Promise<T | undefined>,
  { timeoutMs, recheckMs = 5_000, signal }: WaitOptions,
): Promise<WaitResult<T>> {
  const deadline = Date.now() + timeoutMs;
  const watches = new Map<string, AbortController | "starting">();
  let wake: (() => void) | null = null;
  const kick = () => wake?.();
  let dirty = true;
  const onEvent = () => {
    dirty = true;
    kick();
  };

  const ensureWatches = () => {
    for (const { path, query } of targets) {
      if (watches.has(path)) continue;
      watches.set(path, "starting");
      kube.watch
        .watch(path, query ?? {}, onEvent, () => {
          // The stream ended (error, timeout or our abort): forget it so the next round restarts it.
          watches.delete(path);
        })
        .then((ctrl) => {
          if (watches.get(path) === "starting") watches.set(path, ctrl);
          else ctrl.abort();
        })
        .catch(() => watches.delete(path));
    }
  };

  signal?.addEventListener("abort", kick);
  try {
    for (;;) {
      if (signal?.aborted) return { ok: false, why: "aborted" };
      ensureWatches();
      if (dirty) {
        dirty = false;
        const value = await check();
        if (value !== undefined) return { ok: true, value };
      }
      const left = deadline - Date.now();
      if (left <= 0) return { ok: false, why: "timeout" };
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          dirty = true; // periodic recheck
          resolve();
        }, Math.min(left, recheckMs));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
      // Coalesce bursts of watch events (a rollout emits dozens) into one check.
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    signal?.removeEventListener("abort", kick);
    for (const ctrl of watches.values()) if (ctrl !== "starting") ctrl.abort();
    watches.clear();
  }
}
