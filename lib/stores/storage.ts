// A store's storage, and every rule of a resize that concerns it, in one place: the domain refuses
// a shrink with them, the worker's chart values size the volumes from them, and the worker decides
// with them whether the volumes must and can grow. Pure, so each rule is unit-tested.
import type { SizePreset } from "@/lib/config/env";
import { quantityValue } from "@/lib/kube/quantity";

type Sizes = Record<string, SizePreset>;

export interface StorageState {
  size: string;
  volumeStorage: string | null;
  volumeNote: string | null;
}

/** Compares two storage quantities by value ("1Gi" equals "1024Mi"): negative, 0 or positive. */
export function compareStorage(a: string, b: string): number {
  const [x, y] = [quantityValue(a), quantityValue(b)];
  if (x === null || y === null) throw new Error(`not a storage quantity: ${x === null ? a : b}`);
  return Math.sign(x - y);
}

/** The storage the store's volumes are sized from: the recorded one, or, on a row from before
 * resizing existed, its size preset's (its volumes were made from it). */
export function volumeStorageOf(store: Pick<StorageState, "size" | "volumeStorage">, sizes: Sizes): string | null {
  return store.volumeStorage ?? sizes[store.size]?.storage ?? null;
}

/** Why `to` is no size this store can take, or null. Storage never shrinks: the volumes cannot,
 * and the namespace's quota must keep holding them. */
export function resizeRefusal(store: Pick<StorageState, "size" | "volumeStorage">, to: string, sizes: Sizes): string | null {
  if (to === store.size) return `The store is already ${sizes[to]?.label ?? to}`;
  const target = sizes[to];
  if (!target) return `Choose a size: ${Object.keys(sizes).join(", ")}`;
  const held = [sizes[store.size]?.storage, volumeStorageOf(store, sizes)].filter((s): s is string => !!s);
  if (held.length === 0) return `The store's size "${store.size}" is no longer configured; ask an administrator`;
  const current = held.reduce((a, b) => (compareStorage(a, b) >= 0 ? a : b));
  return compareStorage(target.storage, current) < 0 ? `storage cannot shrink from ${current} to ${target.storage}` : null;
}

/** Why a clone of `source` cannot take the size `to`, or null: its volumes must hold the source's
 * data, so a clone has at least the storage the source's volumes have. */
export function cloneSizeRefusal(source: Pick<StorageState, "size" | "volumeStorage">, to: string, sizes: Sizes): string | null {
  const target = sizes[to];
  if (!target) return `Choose a size: ${Object.keys(sizes).join(", ")}`;
  const needed = volumeStorageOf(source, sizes);
  if (needed && compareStorage(target.storage, needed) < 0) return `A clone needs at least the source's storage (${needed}); ${target.label} has ${target.storage}`;
  return null;
}

/** The storage the volumes should grow to now, or null: the preset asks for more than the volumes
 * have, and this request has not already found that they cannot grow (volumeNote). */
export function storageToGrow(store: StorageState, sizes: Sizes): string | null {
  const preset = sizes[store.size];
  const volumes = volumeStorageOf(store, sizes);
  if (!preset || !volumes || store.volumeNote) return null;
  return compareStorage(preset.storage, volumes) > 0 ? preset.storage : null;
}

/** A claim of the store as the worker sees it before growing it. */
export interface ClaimInfo {
  name: string;
  storageClass: string | null;
  bound: boolean;
}

/**
 * Why the store's volumes cannot grow, or null when every claim can: the API server resizes only
 * a bound claim whose StorageClass allows volume expansion. The text is the store's volumeNote,
 * shown on its page, in the API and on its timeline.
 */
export function expansionRefusal(claims: ClaimInfo[], allowsExpansion: (storageClass: string) => boolean, volumes: string): string | null {
  for (const c of claims) {
    if (!c.storageClass) return `The volume ${c.name} has no StorageClass, so it cannot be expanded; the volumes stay ${volumes}`;
    if (!allowsExpansion(c.storageClass)) return `The StorageClass ${c.storageClass} does not allow volume expansion; the volumes stay ${volumes}`;
    if (!c.bound) return `The volume ${c.name} is not bound yet, so it cannot be expanded; the volumes stay ${volumes}`;
  }
  return null;
}
