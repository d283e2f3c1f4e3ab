// Operator-wide chart values (STORE_BASE_VALUES_FILE): images, pull policy, node placement,
// storage class, WooCommerce package, extra wp-config code... that apply to every store. They
// lie UNDER the values the worker computes for a store, so a store's own settings always win.
// They are part of the fleet version a worker records (lib/worker/versions.ts): changing the file
// makes a new version, which reaches existing stores through a rollout, new stores at once.
// Only the operator writes this file; nothing a tenant sends reaches it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export type Values = Record<string, unknown>;

export class InvalidBaseValuesError extends Error {}

const isObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads and checks the file once (at worker start): it must hold a YAML mapping. */
export function loadBaseValues(file: string): Values {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InvalidBaseValuesError(`STORE_BASE_VALUES_FILE ${file}: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new InvalidBaseValuesError(`STORE_BASE_VALUES_FILE ${file}: must be a YAML mapping of chart values`);
  return parsed;
}

/** The chart's own defaults (its values.yaml): what a release gets for what no one set, which
 * the worker needs where it builds objects from the same values (the backup Job's images). */
export function loadChartDefaults(chartPath: string): Values {
  return parse(readFileSync(path.join(chartPath, "values.yaml"), "utf8")) as Values;
}

/** `over` deep-merged onto `base`: mappings merge key by key; lists and scalars of `over` replace. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = out[key];
    out[key] = isObject(under) && isObject(value) ? mergeValues(under, value) : value;
  }
  return out;
}
