// 5. a release left in pending-install is recovered; 6. a namespace deleted out of band under a
// Ready store is noticed on resync and repaired; 7. invalid chart values → Failed with Helm's
// reason, and Ready after the fix and a retry.
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseEnv } from "@/lib/config/env";
import { chartValues } from "@/lib/worker/values";
import { describe, expect, it } from "vitest";
import { ensureNamespace } from "@/lib/kube/store-objects";
import { createKube } from "@/lib/kube/client";
import { kc } from "../support/kube";
import { useWorkerForFile, core, createStore, notifyStoreChanged, events, requestChange, run, testEnv, testRouteMode, waitFor, waitStore } from "./helpers";

useWorkerForFile();

/** Rewrites the stored Helm release record as an interrupted helm process leaves it. */
async function markPending(slug: string, namespace: string, status: string) {
  const name = `sh.helm.release.v1.${slug}.v1`;
  const secret = await core.readNamespacedSecret({ name, namespace });
  const inner = Buffer.from(secret.data!.release!, "base64").toString();
  const rel = JSON.parse(gunzipSync(Buffer.from(inner, "base64")).toString());
  rel.info.status = status;
  const encoded = gzipSync(Buffer.from(JSON.stringify(rel))).toString("base64");
  await core.replaceNamespacedSecret({
    name,
    namespace,
    body: { ...secret, metadata: { ...secret.metadata, labels: { ...secret.metadata!.labels, status } }, data: { release: Buffer.from(encoded).toString("base64") } },
  });
}

describe("recovery", () => {
  it("recovers a release left in pending-install", async () => {
    // The state a worker killed in the middle of `helm install` leaves: namespace, objects, and a
    // release record stuck in pending-install, which makes every helm command refuse to run.
    const store = await createStore("pend", "tiny", true);
    const ns = `store-${store.slug}`;
    await ensureNamespace(createKube(kc), store.slug, { storeId: store.id, ownerId: store.ownerId, podSecurityLevel: "restricted" });
    const values = chartValues({ slug: store.slug, displayName: store.displayName, size: "tiny", sampleProducts: false, ownerEmail: "o@example.test", suspended: false }, { ...parseEnv(testEnv()), routeMode: testRouteMode });
    const file = path.join(tmpdir(), `${store.slug}-values.json`);
    await writeFile(file, JSON.stringify(values));
    await run("helm", ["install", store.slug, "charts/woocommerce-store", "-n", ns, "-f", file]);
    await markPending(store.slug, ns, "pending-install");
    expect(await run("helm", ["list", "-n", ns, "--pending", "-q"])).toContain(store.slug);
    const secretBefore = await core.readNamespacedSecret({ name: `${store.slug}-credentials`, namespace: ns });

    await notifyStoreChanged(store.id);
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready");
    const list = JSON.parse(await run("helm", ["list", "-n", ns, "--deployed", "--failed", "--pending", "-o", "json"]));
    expect(list).toHaveLength(1);
    expect(list[0].status).toBe("deployed");
    const repair = (await events(store.id)).filter((e) => e.step === "repair");
    expect(repair[0]?.message).toMatch(/interrupted Helm operation.*pending-install/);
    // Adopting the interrupted install's objects kept the generated credentials.
    const secretAfter = await core.readNamespacedSecret({ name: `${store.slug}-credentials`, namespace: ns });
    expect(secretAfter.data?.["admin-password"]).toBe(secretBefore.data?.["admin-password"]);
  });

  it("repairs a store whose namespace was deleted out of band", async () => {
    const store = await createStore("drift");
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready");
    await core.deleteNamespace({ name: `store-${store.slug}` });
    const repaired = await waitFor("a repair event", async () => {
      const e = (await events(store.id)).find((x) => x.step === "repair");
      return e ?? undefined;
    }, 60_000);
    expect(repaired.message).toMatch(/namespace store-.* (was missing|is being deleted outside Storefleet)/);
    await waitStore(store.id, "Ready after repair", (s) => s.phase === "Ready" && s.statusMessage.startsWith("Store is ready"), 120_000);
    await waitFor("repair finished", async () => (await events(store.id)).some((e) => e.step === "repair" && e.state === "succeeded") || undefined);
    const ns = await core.readNamespace({ name: `store-${store.slug}` });
    expect(ns.metadata?.deletionTimestamp).toBeUndefined();
    expect(JSON.parse(await run("helm", ["list", "-n", `store-${store.slug}`, "-o", "json"]))).toHaveLength(1);
  });

  it("fails on invalid chart values with Helm's reason, then recovers after a fix and retry", async () => {
    const store = await createStore("bad", "broken");
    const failed = await waitStore(store.id, "Failed", (s) => s.phase === "Failed");
    expect(failed.failureReason).toBe("invalid_values");
    expect(failed.statusMessage).toMatch(/^invalid chart values: .*persistence\/size/);
    expect(failed.statusHint).toBeTruthy();
    expect((await events(store.id)).some((e) => e.state === "failed")).toBe(true);
    // Failed stays Failed until the generation changes: tests/integration/worker-state.test.ts
    // proves the claim query never picks such a store.
    await requestChange(store.id, { size: "tiny" });
    const ready = await waitStore(store.id, "Ready after fix", (s) => s.phase === "Ready");
    expect(ready.failureReason).toBeNull();
    expect(ready.failureCount).toBe(0);
  });
});
