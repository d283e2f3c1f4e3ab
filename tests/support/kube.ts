// Shared helpers for tests that talk to a real Kubernetes API (tests/kube/**).
// They use whatever cluster KUBECONFIG names: the local KWOK env (scripts/kube/env.sh + up.sh)
// or a real one (kind, k3s). Nothing here may assume the local env.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import * as k8s from "@kubernetes/client-node";

export { k8s };

export function kubeConfig(): k8s.KubeConfig {
  if (!process.env.KUBECONFIG) {
    throw new Error("KUBECONFIG is not set: run `source scripts/kube/env.sh && bash scripts/kube/up.sh` first");
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault();
  return kc;
}

export const kc = kubeConfig();
export const core = kc.makeApiClient(k8s.CoreV1Api);
export const apps = kc.makeApiClient(k8s.AppsV1Api);
export const batch = kc.makeApiClient(k8s.BatchV1Api);

export const isLocalKube = process.env.STOREFLEET_LOCAL_KUBE === "1";

/** A DNS-1123 name unique per call, so parallel tests and re-runs never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`.slice(0, 63);
}

/** HTTP status of a failed API call, or undefined for non-API errors. */
export function statusCode(err: unknown): number | undefined {
  return (err as { code?: number })?.code;
}

/**
 * The message of a failed API call (the Status object's `message`), for assertions.
 * The client hands the body over as a JSON string or as a parsed object depending on the call.
 */
export function errorText(err: unknown): string {
  let body = (err as { body?: unknown })?.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      return body as string;
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === "string") return message;
  return body ? JSON.stringify(body) : String(err);
}

/** Resolves to the API call's error; fails the test if the call succeeded. */
export async function rejectionOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (err) {
    return err;
  }
  throw new Error("expected the API call to be rejected, but it succeeded");
}

/** true when the object is gone (404), for waiting on deletions. */
export async function isGone(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return false;
  } catch (err) {
    if (statusCode(err) === 404) return true;
    throw err;
  }
}

/**
 * Polls `condition` every 500 ms until it returns a truthy value, then returns that value.
 * Short polling of a single object is simpler than a watch and just as fast at this scale.
 * A timeout fails with `what` and the last value seen, which says what was still missing.
 */
export async function waitFor<T>(
  what: string,
  condition: () => Promise<T | undefined | null | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last result: ${errorText(last)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Creates uniquely named namespaces for one test file and deletes them all in cleanup().
 * Call cleanup() from afterAll; it does not wait for the deletions to finish.
 */
export function namespaces() {
  const created: string[] = [];
  return {
    async create(prefix: string, labels: Record<string, string> = {}): Promise<string> {
      const name = uniqueName(`sf-${prefix}`);
      await core.createNamespace({ body: { metadata: { name, labels: { "storefleet.dev/test": "true", ...labels } } } });
      created.push(name);
      // Pods need the namespace's default ServiceAccount, which a controller creates async.
      await waitFor(`ServiceAccount default in ${name}`, () => core.readNamespacedServiceAccount({ name: "default", namespace: name }));
      return name;
    },
    async cleanup(): Promise<void> {
      await Promise.all(
        created.map((name) =>
          core.deleteNamespace({ name }).catch((err) => {
            if (statusCode(err) !== 404) throw err;
          }),
        ),
      );
    },
  };
}

/** A container that runs on any cluster (and costs nothing under KWOK). */
export const pauseContainer: k8s.V1Container = {
  name: "pause",
  image: "registry.k8s.io/pause:3.10",
  resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
};

const execFileP = promisify(execFile);

/** Runs a CLI (helm, kubectl) from PATH with the test's environment; rejects on non-zero exit. */
export async function run(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileP(cmd, args, { env: process.env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}
