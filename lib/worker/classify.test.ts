import { describe, expect, it } from "vitest";
import { classifyError, classifyHelmError, classifyWorkloads, type PodDiag } from "./classify";

const pod = (containers: PodDiag["containers"], unschedulableMessage?: string): PodDiag => ({ name: "p", containers, unschedulableMessage });
const c = (name: string, more: Partial<PodDiag["containers"][number]> = {}) => ({ name, init: false, restartCount: 0, ...more });

describe("classifyWorkloads", () => {
  it("is null when nothing is wrong", () => {
    expect(classifyWorkloads([pod([c("wordpress")])], [])).toBeNull();
  });
  it("finds image pull errors", () => {
    expect(classifyWorkloads([pod([c("wordpress", { waitingReason: "ImagePullBackOff", waitingMessage: "not found" })])], [])?.reason).toBe("image_pull");
    expect(classifyWorkloads([pod([c("mariadb", { waitingReason: "ErrImagePull" })])], [])?.reason).toBe("image_pull");
  });
  it("finds a failed bootstrap init container", () => {
    const f = classifyWorkloads([pod([c("bootstrap", { init: true, terminatedExitCode: 1, restartCount: 1 })])], []);
    expect(f?.reason).toBe("bootstrap_failed");
    expect(classifyWorkloads([pod([c("bootstrap", { init: true, waitingReason: "CrashLoopBackOff", restartCount: 3 })])], [])?.reason).toBe("bootstrap_failed");
  });
  it("keeps the failing container's last log lines, redacted, when it left them", () => {
    const output = ["bootstrap: shop at http://x", "  = WordPress 6.9 installed", "DB_PASSWORD=hunter2", "Error: Invalid user ID, email or login: 'admin'"].join("\n");
    const boot = classifyWorkloads([pod([c("bootstrap", { init: true, terminatedExitCode: 1, terminationMessage: output, restartCount: 1 })])], []);
    expect(boot?.log).toBe(["bootstrap: shop at http://x", "  = WordPress 6.9 installed", "DB_PASSWORD=[redacted]", "Error: Invalid user ID, email or login: 'admin'"].join("\n"));
    const crash = classifyWorkloads([pod([c("mariadb", { waitingReason: "CrashLoopBackOff", terminationMessage: "[ERROR] Aborting\n", restartCount: 2 })])], []);
    expect(crash).toMatchObject({ reason: "crash_loop", log: "[ERROR] Aborting" });
    expect(classifyWorkloads([pod([c("wordpress", { waitingReason: "CrashLoopBackOff", restartCount: 4 })])], [])).not.toHaveProperty("log");
  });
  it("finds crash loops", () => {
    expect(classifyWorkloads([pod([c("wordpress", { waitingReason: "CrashLoopBackOff", restartCount: 4 })])], [])?.reason).toBe("crash_loop");
  });
  it("finds quota errors in events", () => {
    const f = classifyWorkloads([], [{ reason: "FailedCreate", message: 'pods "x" is forbidden: exceeded quota: q, requested: limits.cpu=2' }]);
    expect(f?.reason).toBe("quota_exceeded");
  });
  it("waits for claims still being provisioned instead of calling the pod unschedulable", () => {
    expect(classifyWorkloads([pod([], "0/4 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found")], [])).toBeNull();
  });

  it("finds unschedulable pods", () => {
    expect(classifyWorkloads([pod([], "0/3 nodes are available: 3 Insufficient cpu.")], [])?.reason).toBe("unschedulable");
    // A stale scheduling event alone (claims bound since) is not a failure.
    expect(classifyWorkloads([pod([c("mariadb")]), pod([c("wordpress")])], [{ reason: "FailedScheduling", message: "0/3 nodes" }])).toBeNull();
  });
});

describe("classifyHelmError", () => {
  it("reports invalid values with helm's message, as permanent", () => {
    const f = classifyHelmError(
      "Error: INSTALLATION FAILED: values don't meet the specifications of the schema(s) in the following chart(s):\nwoocommerce-store:\n- at '/mariadb/persistence/size': '0Mi' does not match pattern\n",
    );
    expect(f.reason).toBe("invalid_values");
    expect(f.permanent).toBe(true);
    expect(f.message).toMatch(/^invalid chart values: values don't meet .*\/mariadb\/persistence\/size/);
  });
  it("recognises an unreachable cluster", () => {
    expect(classifyHelmError("Error: Kubernetes cluster unreachable: dial tcp 127.0.0.1:6443: connect: connection refused").reason).toBe("cluster_unreachable");
  });
  it("recognises quota errors", () => {
    expect(classifyHelmError('Error: create: failed to create: persistentvolumeclaims "x" is forbidden: exceeded quota').reason).toBe("quota_exceeded");
  });
  it("falls back to a helm error", () => {
    expect(classifyHelmError("Error: something odd").reason).toBe("helm_error");
  });
});

describe("classifyError", () => {
  it("recognises network errors", () => {
    const e = Object.assign(new Error("request to https://127.0.0.1:6443 failed, reason: connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(classifyError(e).reason).toBe("cluster_unreachable");
  });
  it("treats anything else as internal", () => {
    expect(classifyError(new Error("boom")).reason).toBe("internal");
  });
});
