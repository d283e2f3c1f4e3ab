// The API server answers and reports the version we pinned (local env) or a supported one.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isLocalKube, kc, k8s } from "../support/kube";

describe("Kubernetes API version", () => {
  it("reports the pinned version locally, or >= 1.30 on a real cluster", async () => {
    const info = await kc.makeApiClient(k8s.VersionApi).getCode();
    if (isLocalKube) {
      const pinned = /^KUBE_VERSION="(v[^"]+)"/m.exec(readFileSync("scripts/kube/versions.sh", "utf8"))?.[1];
      expect(pinned).toBeTruthy();
      expect(info.gitVersion).toBe(pinned);
    } else {
      expect(info.major).toBe("1");
      expect(Number.parseInt(info.minor, 10)).toBeGreaterThanOrEqual(30);
    }
  });
});
