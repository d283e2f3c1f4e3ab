// Helpers for the woocommerce-store chart tests: run the pinned Helm and parse rendered manifests.
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const chartDir = path.join(repoRoot, "charts/woocommerce-store");

/** helm from PATH (scripts/kube/env.sh puts the pinned Helm 4 first), else the pinned cache path. */
export const helmBin: string = (() => {
  if (process.env.HELM) return process.env.HELM;
  if (spawnSync("helm", ["version", "--short"], { encoding: "utf8" }).status === 0) return "helm";
  const cache = process.env.STOREFLEET_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "storefleet");
  const pinned = path.join(cache, "bin/helm-v4.3.1/helm");
  if (existsSync(pinned)) return pinned;
  throw new Error("helm not found: run `source scripts/kube/env.sh` (and `npm run kube:build`)");
})();

const run = promisify(execFile);

export type Result = { ok: boolean; stdout: string; stderr: string };

export async function exec(cmd: string, args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024, cwd: repoRoot });
    return { ok: true, stdout, stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: e.stdout ?? "", stderr: e.stderr ?? e.message };
  }
}

export function helm(args: string[]): Promise<Result> {
  return exec(helmBin, args);
}

/** --set-style overrides as repeated --set-json flags (exact types, no escaping surprises). */
export function setFlags(values: Record<string, unknown> = {}): string[] {
  return Object.entries(values).flatMap(([k, v]) => ["--set-json", `${k}=${JSON.stringify(v)}`]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [k: string]: any };

export async function template(
  release = "myshop",
  values: Record<string, unknown> = {},
  namespace = `store-${release}`,
): Promise<Manifest[]> {
  const res = await helm(["template", release, chartDir, "--namespace", namespace, ...setFlags(values)]);
  if (!res.ok) throw new Error(`helm template failed: ${res.stderr}`);
  return parseAllDocuments(res.stdout)
    .map((d) => d.toJSON() as Manifest | null)
    .filter((m): m is Manifest => !!m);
}

/** Renders and returns Helm's error text; fails the test if rendering succeeded. */
export async function templateError(release: string, values: Record<string, unknown> = {}): Promise<string> {
  const res = await helm(["template", release, chartDir, "--namespace", `store-${release}`, ...setFlags(values)]);
  if (res.ok) throw new Error(`expected helm template to fail for ${JSON.stringify(values)}`);
  return res.stderr;
}

export function find(docs: Manifest[], kind: string, name: string): Manifest {
  const m = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!m) throw new Error(`${kind}/${name} not rendered; have ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(", ")}`);
  return m;
}

export function podSpecOf(m: Manifest) {
  return m.spec.template.spec;
}
