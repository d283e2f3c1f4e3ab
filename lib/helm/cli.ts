// The Helm 4 CLI behind a small interface. Helm runs as a child process (execFile, no shell, so
// no argument is ever interpreted); values go through a 0600 temp file that is removed at once,
// never through --set, so they do not show up in `ps`.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export class HelmError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
  ) {
    super(`helm ${args[0]} failed: ${stderr.trim().slice(0, 2000)}`);
    this.name = "HelmError";
  }
}

export interface AppliedRelease {
  /** The manifest Helm applied (what the drift check compares live objects against). */
  manifest: string;
}

export interface Helm {
  upgradeInstall(release: string, chart: string, namespace: string, values: unknown, timeoutSeconds: number): Promise<AppliedRelease>;
  uninstall(release: string, namespace: string, timeoutSeconds: number): Promise<void>;
}

export function createHelm(bin: string, env: NodeJS.ProcessEnv = process.env): Helm {
  const run = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(bin, args, { env, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new HelmError(args, stderr || error.message));
        else resolve(stdout);
      });
    });

  return {
    async upgradeInstall(release, chart, namespace, values, timeoutSeconds) {
      const dir = await mkdtemp(path.join(tmpdir(), "storefleet-values-"));
      const file = path.join(dir, "values.json"); // JSON is valid YAML
      try {
        await writeFile(file, JSON.stringify(values), { mode: 0o600 });
        // No --wait: the worker follows the rollout through its watches so it can report each
        // step and classify failures; --wait would only say "timed out". Server-side apply with
        // --force-conflicts takes back the fields someone changed out of band (drift).
        const out = await run([
          "upgrade", "--install", release, chart, "-n", namespace, "-f", file, "--timeout", `${timeoutSeconds}s`, "--history-max", "5",
          "--server-side=true", "--force-conflicts", "-o", "json",
        ]);
        return { manifest: (JSON.parse(out) as { manifest?: string }).manifest ?? "" };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async uninstall(release, namespace, timeoutSeconds) {
      try {
        await run(["uninstall", release, "-n", namespace, "--timeout", `${timeoutSeconds}s`]);
      } catch (error) {
        if (error instanceof HelmError && /not found/i.test(error.stderr)) return;
        throw error;
      }
    },
  };
}
