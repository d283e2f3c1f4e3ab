// Digest of the chart (every file) plus the values: equal digests mean `helm upgrade` would
// change nothing, so a resync of an unchanged store costs no Helm call.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const chartDigests = new Map<string, Promise<string>>();

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out.sort();
}

/** The chart's digest, computed once per process (a new chart ships with a new worker). */
export function chartDigest(dir: string): Promise<string> {
  let d = chartDigests.get(dir);
  if (!d) {
    d = (async () => {
      const h = createHash("sha256");
      for (const f of await files(dir)) h.update(path.relative(dir, f)).update("\0").update(await readFile(f)).update("\0");
      return h.digest("hex");
    })();
    chartDigests.set(dir, d);
  }
  return d;
}

/** JSON with sorted keys, so the same values always hash the same. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export async function releaseDigest(chartDir: string, values: unknown): Promise<string> {
  return createHash("sha256").update(await chartDigest(chartDir)).update(stableJson(values)).digest("hex").slice(0, 32);
}
