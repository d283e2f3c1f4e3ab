// Which store states are still moving, shared by the list, the store page and the live refresh.
import type { StoreView } from "@/lib/stores/views";

type StoreState = Pick<StoreView, "phase" | "desiredState">;

/** A store is settled when the worker has reached what the owner asked for, or has given up
 * (Failed). Everything else will change on its own, so pages showing it keep refreshing. */
export function isStoreChanging(store: StoreState): boolean {
  if (store.phase === "Deleted" || store.phase === "Failed") return false;
  if (store.desiredState === "present") return store.phase !== "Ready";
  if (store.desiredState === "suspended") return store.phase !== "Suspended";
  return true; // absent: deleting until the phase says Deleted
}

/** StoreView has no "worker has not seen the latest change" flag, so a Failed store that was
 * touched moments ago (a retry or delete request bumps updatedAt) is watched for a while too. */
const RECENT_CHANGE_MS = 2 * 60_000;

export function isStoreWorthWatching(store: StoreState & Pick<StoreView, "updatedAt">, now = Date.now()): boolean {
  if (isStoreChanging(store)) return true;
  return store.phase === "Failed" && now - new Date(store.updatedAt).getTime() < RECENT_CHANGE_MS;
}
