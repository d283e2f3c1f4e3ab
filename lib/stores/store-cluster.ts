// Reading a store's objects for its owner on demand (its login, its logs), with the portal's own
// confined permissions: only for a store that is not deleted, only from a namespace that really is
// the store's (its id label), and with the cluster's answers turned into what the owner can act on.
import { ConflictError, UnavailableError } from "@/lib/errors";
import { createKube, httpStatus, type Kube } from "@/lib/kube/client";
import { namespaceBelongsTo, storeObjects } from "@/lib/stores/cluster-objects";

interface StoreRef {
  id: string;
  slug: string;
  deletedAt: Date | null;
}

/** Runs `read` against the store's namespace once it is known to be the store's. `missing` is the
 * refusal for a 404 (the object is not there yet). */
export async function readFromStoreNamespace<T>(store: StoreRef, what: string, missing: string, read: (kube: Kube, namespace: string) => Promise<T>): Promise<T> {
  if (store.deletedAt) throw new ConflictError("This store has been deleted");
  const { namespace } = storeObjects(store.slug);
  try {
    const kube = createKube();
    // A namespace of that name that is not this store's (another store's, or anything else)
    // holds nothing to show, whatever its objects are called.
    const found = await kube.core.readNamespace({ name: namespace });
    if (!namespaceBelongsTo(found.metadata?.labels, store.id)) throw new ConflictError("The store's namespace does not belong to it; ask an administrator");
    return await read(kube, namespace);
  } catch (error) {
    if (error instanceof ConflictError) throw error;
    if (httpStatus(error) === 404) throw new ConflictError(missing);
    console.error(JSON.stringify({ level: "error", msg: `reading store ${what} failed`, storeId: store.id, error: String(error).split("\n")[0] }));
    throw new UnavailableError("The cluster cannot be reached right now; try again in a moment");
  }
}
