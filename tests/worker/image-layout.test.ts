// The image's contents without a container engine (none on this machine): the build output that
// the Dockerfile copies (scripts/build.sh lays it out in .next/standalone) is copied outside the
// repository, so no module can be found in the repository's node_modules, made read-only, and run
// as the image runs it: the migration runner, the portal (as the unprivileged uid the chart uses)
// and the worker, each with plain `node`.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./helpers";

const BUILD = path.resolve(".next/standalone");
const IMAGE_UID = "1000"; // the image's `node` user; charts/storefleet runs the pods as it

let root: string;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Only what the chart gives the pods: nothing of this test run's environment leaks in. */
function imageEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: "/tmp", NODE_ENV: "production", ...env };
}

/** Starts `node <script>` in the copied tree, as `uid` when given, keeping its output for errors. */
function start(script: string, args: string[], env: Record<string, string>, uid?: string): { output: () => string } {
  const [program, ...prefix] = uid ? ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", process.execPath] : [process.execPath];
  const child = spawn(program, [...prefix, script, ...args], { cwd: root, env: imageEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  children.push(child);
  return { output: () => output };
}

function traceStatus(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path: "/api/health", method: "TRACE" }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on("error", reject).end();
  });
}

/** waitFor, whose error carries what the process printed. */
async function waitWithOutput(what: string, condition: () => Promise<boolean>, output: () => string): Promise<void> {
  try {
    await waitFor(what, condition, 60_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
}

async function status(url: string, init?: RequestInit): Promise<number | undefined> {
  try {
    return (await fetch(url, { ...init, signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return undefined;
  }
}

beforeAll(() => {
  if (!existsSync(path.join(BUILD, "dist", "portal.mjs"))) throw new Error("no build output in .next/standalone: run `npm run build` first (scripts/test.sh does)");
  root = mkdtempSync(path.join(tmpdir(), "storefleet-image-"));
  cpSync(BUILD, root, { recursive: true });
  // Owned by root and writable by nobody else: the read-only root filesystem of the chart's pods.
  chmodSync(root, 0o755);
  execFileSync("chmod", ["-R", "go-w", root]);
});

afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("the build output as the image runs it", () => {
  it("carries the portal, worker and migration runner as single files, and the store chart", () => {
    const bundled = readdirSync(path.join(root, "dist")).sort();
    expect(bundled).toEqual(["migrate.mjs", "portal.mjs", "worker.mjs"]);
    expect(existsSync(path.join(root, "charts", "woocommerce-store", "Chart.yaml"))).toBe(true);
  });

  it("applies the migrations it carries", () => {
    const migrations = readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const out = execFileSync(process.execPath, ["dist/migrate.mjs"], { cwd: root, env: imageEnv({ DATABASE_URL: process.env.DATABASE_URL! }), encoding: "utf8" });
    expect(out).toMatch(new RegExp(`migrations: 0 applied, ${migrations} already applied`));
  });

  it("serves /api/health, the pages and their static files as an unprivileged user from a read-only tree", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const portal = start("dist/portal.mjs", ["--port", String(port), "--hostname", "127.0.0.1"], {
      DATABASE_URL: process.env.DATABASE_URL!,
      AUTH_SECRET: process.env.AUTH_SECRET!,
      NEXTAUTH_URL: base,
    }, IMAGE_UID);
    await waitWithOutput("the portal to answer /api/health with 200", async () => (await status(`${base}/api/health`)) === 200, portal.output);

    const page = await fetch(`${base}/sign-in`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const asset = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(asset, "the sign-in page links its scripts").toBeDefined();
    expect(await status(`${base}${asset}`)).toBe(200);
    expect(await status(`${base}/logo.svg`)).toBe(200);
    // server.ts's own handling is part of the bundle (fetch refuses to send TRACE).
    expect(await traceStatus(port)).toBe(405);
  });

  it("starts the worker, which answers on its metrics port once connected to PostgreSQL and the API server", async () => {
    const port = await freePort();
    const worker = start("dist/worker.mjs", [], {
      DATABASE_URL: process.env.DATABASE_URL!,
      AUTH_SECRET: process.env.AUTH_SECRET!,
      KUBECONFIG: process.env.KUBECONFIG ?? path.join(process.env.HOME ?? "/root", ".kube", "config"),
      STOREFLEET_LOCAL_KUBE: process.env.STOREFLEET_LOCAL_KUBE ?? "",
      WORKER_METRICS_PORT: String(port),
    });
    await waitWithOutput("the worker's metrics to answer", async () => (await status(`http://127.0.0.1:${port}/metrics`)) === 200, worker.output);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/storefleet_/);
  });
});
