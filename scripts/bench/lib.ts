// Small tools of the benchmark: a concurrency pool, percentiles, waiting on a condition, the
// worker as a child process (its log lines and resource use), and printing figures.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/** Runs `fn` over `items`, at most `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Polls `check` every `everyMs` until it is true; fails after `timeoutMs` naming `what`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function report(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n## ${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

export interface WorkerProcess {
  proc: ChildProcess;
  /** The parsed JSON log lines that `keep` accepted, each with the time it was read. */
  lines: Array<Record<string, unknown> & { readAtMs: number }>;
  stop(): Promise<void>;
}

/** A provisioning worker as the chart runs it: `node dist/worker.mjs` (scripts/bench.sh builds it).
 * Only the log lines `keep` accepts are kept: a fleet's worker writes hundreds of thousands, and
 * holding them all would make this process's collector pause the latencies it measures. */
export function spawnWorker(env: NodeJS.ProcessEnv, keep: (line: Record<string, unknown>) => boolean): WorkerProcess {
  const proc = spawn(process.execPath, ["dist/worker.mjs"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const lines: WorkerProcess["lines"] = [];
  let buffer = "";
  proc.stdout!.on("data", (d: Buffer) => {
    const parts = (buffer + d.toString()).split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // not a log line
      }
      if (keep(parsed)) lines.push({ ...parsed, readAtMs: Date.now() });
    }
  });
  const exited = new Promise<void>((r) => proc.on("exit", () => r()));
  return {
    proc,
    lines,
    async stop() {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resident memory (MiB) and CPU seconds used so far of a process, from /proc. */
export function processUsage(pid: number): { rssMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, fields 14 and 15
  return { rssMiB: rssKb / 1024, cpuSeconds: ticks / 100 };
}
