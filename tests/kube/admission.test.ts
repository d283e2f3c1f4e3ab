// Admission control is real: ResourceQuota and Pod Security reject what they should.
import { afterAll, describe, expect, it } from "vitest";
import { core, errorText, namespaces, pauseContainer, rejectionOf, statusCode, waitFor } from "../support/kube";

const ns = namespaces();
afterAll(() => ns.cleanup());

describe("admission", () => {
  it("a ResourceQuota rejects a pod over quota", async () => {
    const namespace = await ns.create("quota");
    await core.createNamespacedResourceQuota({
      namespace,
      body: { metadata: { name: "small" }, spec: { hard: { "requests.cpu": "100m", "limits.cpu": "200m", pods: "5" } } },
    });
    // Until the quota controller has computed usage, admission refuses every pod with a
    // different error ("status unknown for quota"), so wait for it first.
    await waitFor("quota status computed", async () => {
      const q = await core.readNamespacedResourceQuota({ name: "small", namespace });
      return q.status?.hard?.["requests.cpu"] && q.status?.used?.["requests.cpu"] !== undefined;
    });
    const err = await rejectionOf(
      core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name: "greedy" },
          spec: { containers: [{ ...pauseContainer, resources: { requests: { cpu: "2" }, limits: { cpu: "2" } } }] },
        },
      }),
    );
    expect(statusCode(err)).toBe(403);
    expect(errorText(err)).toContain("exceeded quota");
  });

  it("Pod Security admission rejects a privileged pod in a restricted namespace", async () => {
    const namespace = await ns.create("restricted", { "pod-security.kubernetes.io/enforce": "restricted" });
    const err = await rejectionOf(
      core.createNamespacedPod({
        namespace,
        body: { metadata: { name: "privileged" }, spec: { containers: [{ ...pauseContainer, securityContext: { privileged: true } }] } },
      }),
    );
    expect(statusCode(err)).toBe(403);
    expect(errorText(err)).toMatch(/violates PodSecurity "restricted/);
    expect(errorText(err)).toContain("privileged");
  });
});
