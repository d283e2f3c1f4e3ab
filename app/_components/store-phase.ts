// Which store states are still moving, shared by the list, the store page and the live refresh.
import type { StoreView } from "@/lib/stores/views";

type StoreState = Pick<StoreView, "phase" | "desiredState" | "reconciling">;

/** A store is settled when the worker has reached what the owner asked for, or has given up
 * (Failed). Everything else will change on its own, so pages showing it keep refreshing. */
export function isStoreChanging(store: StoreState): boolean {
  if (store.phase === "Deleted") return false;
  if (store.reconciling) return true;
  if (store.phase === "Failed") return false;
  if (store.desiredState === "present") return store.phase !== "Ready";
  if (store.desiredState === "suspended") return store.phase !== "Suspended";
  return true; // absent: deleting until the phase says Deleted
}

