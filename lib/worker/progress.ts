// The provisioning timeline's steps as the owner reads them, and how a pass fills them in from
// what it observes.
import type { WorkloadView } from "./observe";
import { PROVISION_STEPS, type Step, type Timeline } from "./timeline";

export const STEP_TEXT: Record<Step, [running: string, done: string]> = {
  namespace: ["Creating the store's namespace", "Namespace created"],
  secrets: ["Generating the store's credentials", "Credentials stored in a Kubernetes Secret"],
  database: ["Starting the MariaDB database", "Database is running"],
  wordpress: ["Installing WordPress", "WordPress is installed"],
  bootstrap: ["Installing and configuring WooCommerce", "WooCommerce is installed and configured"],
  ingress: ["Publishing the store's address", "Store address is routed"],
  ready: ["Waiting for the store to serve traffic", "Store is ready"],
  suspend: ["Suspending the store (data is kept)", "Store suspended; its data volumes are kept"],
  resume: ["Resuming the store", "Store resumed"],
  resize: ["Resizing the store", "Store resized"],
  restore: ["Restoring a backup", "Backup restored"],
  domains: ["Updating the store's custom domains", "Custom domains updated"],
  upgrade: ["Upgrading the store to another version", "Store upgraded"],
  delete: ["Deleting the store and all its data", "Store deleted: namespace and volumes removed"],
  repair: ["Repairing the store", "Store repaired"],
};

/**
 * Marks the provisioning steps done so far, and the first unfinished one as running: the
 * timeline reads top to bottom. "ready" is finished when the pass settles, after the final check;
 * the namespace and secrets steps are started by their actions.
 */
export async function recordProgress(timeline: Timeline, namespaceReady: boolean, view: WorkloadView, url: string): Promise<void> {
  const done: Record<string, boolean> = { namespace: namespaceReady, ...view.steps, ready: view.ready };
  for (const step of PROVISION_STEPS) {
    if (step === "ready") break;
    if (!done[step]) {
      if (step !== "namespace" && step !== "secrets") await timeline.begin(step, STEP_TEXT[step][0]);
      return;
    }
    await timeline.succeed(step, step === "ingress" ? `Store address ${url} is routed` : STEP_TEXT[step][1]);
  }
  await timeline.begin("ready", STEP_TEXT.ready[0]);
}
