// Which stores are still moving, shared by the list, the store page and the live refresh.
import type { StoreView } from "@/lib/stores/views";

/** A store changes on its own while the worker converges it (its Reconciling condition); pages
 * showing such a store keep refreshing. */
export function isStoreChanging(store: Pick<StoreView, "conditions">): boolean {
  return store.conditions.some((c) => c.type === "Reconciling" && c.status === "True");
}
