// Kubernetes quantities ("500m", "1Gi", "1024Mi", "2G") as numbers, so they compare by value:
// "1024Mi" is "1Gi". Pure; shared by the worker's drift check and the store's size rules.
const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const FACTOR: Record<string, number> = { "": 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** The quantity's value in base units (bytes, cores), or null when it is not a quantity. */
export function quantityValue(v: unknown): number | null {
  if (typeof v === "number") return v;
  const m = typeof v === "string" ? QUANTITY.exec(v) : null;
  return m ? Number(m[1]) * FACTOR[m[2] ?? ""]! : null;
}
