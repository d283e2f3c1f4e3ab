// Turns what the cluster and Helm say into one plain-language failure reason and a hint for the
// store owner. Pure: the inputs are plain summaries gathered by lib/kube and lib/helm.
import { lastLogLines } from "@/lib/stores/log-redaction";

export type FailureReason =
  | "cluster_unreachable"
  | "invalid_values"
  | "quota_exceeded"
  | "image_pull"
  | "unschedulable"
  | "crash_loop"
  | "bootstrap_failed"
  | "helm_error"
  | "timeout"
  | "namespace_conflict"
  | "internal";

export interface Failure {
  reason: FailureReason;
  message: string;
  hint: string;
  /** Retrying the same generation cannot help (the owner or an operator must change something). */
  permanent: boolean;
  /** The failing container's last log lines, redacted, shown under the failed step. */
  log?: string;
}

export interface ContainerDiag {
  name: string;
  init: boolean;
  waitingReason?: string;
  waitingMessage?: string;
  terminatedExitCode?: number;
  /** The last termination's message: the chart's containers leave their last log lines there
   * when they fail (terminationMessagePolicy: FallbackToLogsOnError). */
  terminationMessage?: string;
  restartCount: number;
}

export interface PodDiag {
  name: string;
  unschedulableMessage?: string;
  containers: ContainerDiag[];
}

export interface EventDiag {
  reason: string;
  message: string;
}

const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|socket hang up|connection refused|cluster unreachable|i\/o timeout|no route to host|TLS handshake timeout|connection reset|server is currently unable to handle the request|the server was unable to return a response/i;

const UNBOUND_CLAIMS = /unbound immediate PersistentVolumeClaims/i;

export function isUnreachable(text: string): boolean {
  return UNREACHABLE.test(text);
}

const firstLine = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean).join(" ").slice(0, 500);

function fail(reason: FailureReason, message: string, hint: string, permanent = false): Failure {
  return { reason, message, hint, permanent };
}

/** The failure, with the container's last log lines when it left any. */
function withLog(failure: Failure, container: ContainerDiag): Failure {
  const log = lastLogLines(container.terminationMessage);
  return log ? { ...failure, log } : failure;
}

export const UNREACHABLE_MESSAGE = "Waiting for the Kubernetes API to come back";

/** A failed `helm` command. */
export function classifyHelmError(stderr: string): Failure {
  const text = firstLine(stderr.replace(/^Error:\s*/i, ""));
  if (isUnreachable(stderr)) return fail("cluster_unreachable", UNREACHABLE_MESSAGE, "The platform retries automatically.");
  if (/exceeded quota/i.test(stderr)) return quota(text);
  if (/values don't meet the specifications|schema|execution error at|parse error|invalid value/i.test(stderr)) {
    const detail = firstLine(stderr.replace(/^Error:\s*/i, "").replace(/^(INSTALLATION|UPGRADE) FAILED:\s*/i, ""));
    return fail(
      "invalid_values",
      `invalid chart values: ${detail}`,
      "The store's settings (or the platform's size presets) produce values the chart refuses. Fix them and retry.",
      true,
    );
  }
  return fail("helm_error", `Helm failed: ${text}`, "The platform retries automatically; if it keeps failing, contact the operator.");
}

function quota(detail: string): Failure {
  return fail("quota_exceeded", `Resource quota exceeded: ${detail}`, "Choose a larger size or ask the operator to raise the quota.");
}

/** What the pods and events of a store's namespace show, or null when nothing is wrong yet. */
export function classifyWorkloads(pods: PodDiag[], events: EventDiag[]): Failure | null {
  for (const pod of pods) {
    for (const c of pod.containers) {
      if (c.waitingReason === "ImagePullBackOff" || c.waitingReason === "ErrImagePull" || c.waitingReason === "InvalidImageName") {
        return fail("image_pull", `Image pull error in ${c.name}: ${firstLine(c.waitingMessage ?? c.waitingReason)}`, "Check the image name and that the cluster can reach the registry.");
      }
    }
  }
  for (const pod of pods) {
    const boot = pod.containers.find((c) => c.init && c.name === "bootstrap");
    if (boot && ((boot.terminatedExitCode ?? 0) !== 0 || (boot.waitingReason === "CrashLoopBackOff" && boot.restartCount > 0))) {
      return withLog(fail("bootstrap_failed", "WooCommerce bootstrap failed: the bootstrap step exited with an error", "See the bootstrap's last lines below; the platform retries automatically."), boot);
    }
  }
  for (const pod of pods) {
    const crash = pod.containers.find((c) => c.waitingReason === "CrashLoopBackOff");
    if (crash) return withLog(fail("crash_loop", `Container ${crash.name} keeps crashing (CrashLoopBackOff)`, "See the container's last lines below; the platform retries automatically."), crash);
  }
  // Warning events outlive the problem they report (an early FailedScheduling while claims were
  // binding, a quota refusal later resolved), so a quota event only counts while a pod of the
  // store is missing, and scheduling is judged from the pods' own conditions, not from events.
  const q = events.find((e) => /exceeded quota/i.test(e.message));
  if (q && pods.length < 2) return quota(firstLine(q.message));
  for (const pod of pods) {
    // Claims still being provisioned: the scheduler waits for the volume, and so does the worker
    // (a slow provisioner is no lack of nodes); the attempt's deadline still bounds the wait.
    if (pod.unschedulableMessage && !UNBOUND_CLAIMS.test(pod.unschedulableMessage)) {
      return fail("unschedulable", `Cannot be scheduled: ${firstLine(pod.unschedulableMessage)}`, "The cluster has no node with room for this store; the operator must add capacity.");
    }
  }
  return null;
}

/** A namespace named like the store's exists and is not the store's: never touched. */
export function namespaceConflict(namespace: string): Failure {
  return fail(
    "namespace_conflict",
    `namespace ${namespace} exists and belongs to something else`,
    "Storefleet will not install into, or delete, a namespace it did not create for this store. Choose another store name, or ask the cluster operator about that namespace.",
    true,
  );
}

/** Any other error thrown while reconciling. */
export function classifyError(error: unknown): Failure {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: unknown }).code ?? ""} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  if (isUnreachable(text)) return fail("cluster_unreachable", UNREACHABLE_MESSAGE, "The platform retries automatically.");
  if (/exceeded quota/i.test(text)) return quota(firstLine(text));
  return fail("internal", `Unexpected error: ${firstLine(text)}`, "The platform retries automatically; if it keeps failing, contact the operator.");
}
