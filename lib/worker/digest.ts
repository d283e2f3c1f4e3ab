// Digests of what a release applies: the chart (every file) plus the values. Equal digests mean
// `helm upgrade` would change nothing, so a resync of an unchanged store costs no Helm call.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export interface ChartContents {
  /** Every file of the chart by its path relative to the chart's directory, sorted. */
  files: Map<string, Buffer>;
  digest: string;
}

const charts = new Map<string, Promise<ChartContents>>();

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out.sort();
}

/** Digest of a chart's files (their paths and contents). */
export function digestOfChartFiles(chartFiles: Map<string, Buffer>): string {
  const h = createHash("sha256");
  for (const [name, content] of [...chartFiles].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(name).update("\0").update(content).update("\0");
  return h.digest("hex");
}

/** A chart directory's files and digest, read once per process (the worker's own chart does not
 * change while it runs, and other versions' charts are written once and never changed). */
export function readChart(dir: string): Promise<ChartContents> {
  let c = charts.get(dir);
  if (!c) {
    c = (async () => {
      const contents = new Map<string, Buffer>();
      for (const f of await files(dir)) contents.set(path.relative(dir, f), await readFile(f));
      return { files: contents, digest: digestOfChartFiles(contents) };
    })();
    charts.set(dir, c);
  }
  return c;
}

/** JSON with sorted keys, so the same values always hash the same. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** What a release applies: its chart (by digest) and its values. */
export function releaseDigest(chartDigest: string, values: unknown): string {
  return createHash("sha256").update(chartDigest).update(stableJson(values)).digest("hex").slice(0, 32);
}
