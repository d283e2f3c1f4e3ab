// Fleet versions as the worker applies them. A version is what every store running it shares:
// the store chart, the operator's base values (images, placement) and the WooCommerce version.
// Each worker records the version it ships with when it starts; a store runs the version on its
// row (its first pass gives it the newest), and only a rollout (lib/worker/rollouts.ts) moves it to
// another. The chart's files are kept in the database, so any worker can apply any version: a
// version's chart is written once under the temporary directory and reused.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { db } from "@/lib/db/client";
import { loadChartDefaults, mergeValues, type Values } from "./base-values";
import { readChart, releaseDigest, stableJson } from "./digest";
import { chartValues, type PlatformSettings, type StoreSpec } from "./values";

/** A version ready to apply. */
export interface LoadedVersion {
  id: string;
  label: string;
  /** Where its chart is on disk. */
  chartPath: string;
  chartDigest: string;
  /** Its chart's values.yaml: the backup and restore Jobs take the images a release runs. */
  chartDefaults: Values;
  baseValues: Values;
  woocommerceVersion: string | null;
}

export interface VersionSummary {
  chart: string;
  wordpressImage: string;
  woocommerce: string;
}

const isObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a version runs, from its chart's defaults under its base values. Pure. */
export function versionSummary(chartVersion: string, chartDefaults: Values, baseValues: Values, woocommerceVersion: string | null): VersionSummary {
  const merged = mergeValues(chartDefaults, baseValues);
  const images = isObject(merged.images) ? merged.images : {};
  const wordpress = isObject(images.wordpress) ? images.wordpress : {};
  const woocommerce = isObject(merged.woocommerce) ? merged.woocommerce : {};
  return {
    chart: chartVersion,
    wordpressImage: `${String(wordpress.repository ?? "?")}:${String(wordpress.tag ?? "?")}`,
    woocommerce: woocommerceVersion ?? String(woocommerce.version ?? "?"),
  };
}

/** How operators read a version: what it runs, and a digest prefix that tells apart two versions
 * running the same (a placement change, say). Pure. */
export function versionLabel(summary: VersionSummary, digest: string): string {
  return `chart ${summary.chart} · ${summary.wordpressImage} · WooCommerce ${summary.woocommerce} · ${digest.slice(0, 7)}`;
}

/** The settings a store is rendered with at a version: the version's base values and WooCommerce. */
export function withVersion(settings: PlatformSettings, version: Pick<LoadedVersion, "baseValues" | "woocommerceVersion">): PlatformSettings {
  return { ...settings, baseValues: version.baseValues, WOOCOMMERCE_VERSION: version.woocommerceVersion ?? undefined };
}

/** A store's chart values at its version, and the digest of what the release would apply. */
export function desiredRelease(spec: StoreSpec, settings: PlatformSettings, version: LoadedVersion): { values: Values; digest: string } {
  const values = chartValues(spec, withVersion(settings, version));
  return { values, digest: releaseDigest(version.chartDigest, values) };
}

/**
 * Records the version this worker ships with (its chart directory and its settings) and returns
 * its id. Workers of the same build agree on the digest, so the row is made once.
 */
export async function registerVersion(chartPath: string, settings: Pick<PlatformSettings, "baseValues" | "WOOCOMMERCE_VERSION">): Promise<string> {
  const chart = await readChart(chartPath);
  const baseValues = settings.baseValues ?? {};
  const woocommerceVersion = settings.WOOCOMMERCE_VERSION ?? null;
  const digest = createHash("sha256").update(chart.digest).update(stableJson(baseValues)).update(woocommerceVersion ?? "").digest("hex");
  const chartYaml = parse(chart.files.get("Chart.yaml")?.toString("utf8") ?? "{}") as Values;
  const summary = versionSummary(String(chartYaml.version ?? "?"), loadChartDefaults(chartPath), baseValues, woocommerceVersion);
  const chartFiles = Object.fromEntries([...chart.files].map(([name, content]) => [name, content.toString("base64")]));
  await db().fleetVersion.createMany({
    data: [{ digest, chartDigest: chart.digest, label: versionLabel(summary, digest), summary: { ...summary }, chartFiles, baseValues: baseValues as object, woocommerceVersion }],
    skipDuplicates: true,
  });
  return (await db().fleetVersion.findUniqueOrThrow({ where: { digest }, select: { id: true } })).id;
}

/** The version a store without one takes: the newest recorded. */
export async function newestVersionId(): Promise<string | null> {
  const newest = await db().fleetVersion.findFirst({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
  return newest?.id ?? null;
}

/** Writes a chart's files into a directory of their own (through a temporary one, renamed, so a
 * half-written chart is never used). */
async function writeChart(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  const partial = await mkdtemp(`${dir}.partial-`);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(partial, name);
    if (!file.startsWith(partial + path.sep)) throw new Error(`chart file ${name} lies outside the chart`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(content, "base64"));
  }
  await rename(partial, dir).catch(async (error) => {
    // Another pass of this process wrote it first: theirs is the same.
    await rm(partial, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code !== "ENOTEMPTY" && (error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
}

/** The versions this worker applies, loaded once each (rows never change). */
export class Versions {
  private readonly loaded = new Map<string, Promise<LoadedVersion>>();

  private constructor(
    /** This worker's own chart, used as it is for the versions made with it. */
    private readonly bundled: { chartPath: string; chartDigest: string },
    private readonly chartsDir: string,
  ) {}

  /** Records this worker's version (lib/worker/main.ts, at start). */
  static async start(chartPath: string, settings: Pick<PlatformSettings, "baseValues" | "WOOCOMMERCE_VERSION">, chartsDir = path.join(tmpdir(), "storefleet-charts")): Promise<{ versions: Versions; ownId: string }> {
    const ownId = await registerVersion(chartPath, settings);
    return { versions: new Versions({ chartPath, chartDigest: (await readChart(chartPath)).digest }, chartsDir), ownId };
  }

  of(versionId: string): Promise<LoadedVersion> {
    let v = this.loaded.get(versionId);
    if (!v) {
      v = this.load(versionId);
      this.loaded.set(versionId, v);
      v.catch(() => this.loaded.delete(versionId));
    }
    return v;
  }

  private async load(versionId: string): Promise<LoadedVersion> {
    const row = await db().fleetVersion.findUniqueOrThrow({ where: { id: versionId } });
    let chartPath = this.bundled.chartPath;
    if (row.chartDigest !== this.bundled.chartDigest) {
      chartPath = path.join(this.chartsDir, row.chartDigest);
      // Named by its digest and written whole (writeChart), so one found there is this chart.
      if (!existsSync(chartPath)) await writeChart(chartPath, row.chartFiles as Record<string, string>);
    }
    return {
      id: row.id,
      label: row.label,
      chartPath,
      chartDigest: row.chartDigest,
      chartDefaults: loadChartDefaults(chartPath),
      baseValues: (row.baseValues ?? {}) as Values,
      woocommerceVersion: row.woocommerceVersion,
    };
  }
}
