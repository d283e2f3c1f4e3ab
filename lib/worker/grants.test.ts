import { describe, expect, it } from "vitest";
import { namespaceGrants } from "./grants";

const roles = { WORKER_STORE_ROLE: "sf-store-manager", PORTAL_CREDENTIALS_ROLE: "sf-credentials-reader" };

describe("namespaceGrants", () => {
  it("grants nothing outside a cluster", () => {
    expect(namespaceGrants(roles)).toEqual([]);
  });
  it("binds the store-manager role to the worker (waited on) and the reader role to the portal", () => {
    expect(namespaceGrants({ ...roles, WORKER_SERVICE_ACCOUNT: "sf/sf-worker", PORTAL_SERVICE_ACCOUNT: "sf/sf-portal" })).toEqual([
      { name: "storefleet-worker-store-manager", clusterRole: "sf-store-manager", serviceAccount: { namespace: "sf", name: "sf-worker" }, self: true },
      { name: "storefleet-portal-credentials", clusterRole: "sf-credentials-reader", serviceAccount: { namespace: "sf", name: "sf-portal" } },
    ]);
  });
});
