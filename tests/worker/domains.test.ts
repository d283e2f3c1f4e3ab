// A store's custom domains applied by the worker against the real API server and Helm: a verified
// domain (recorded as lib/domains/service.ts records it) joins the store's route and the hosts
// WordPress answers on; a removed one leaves both; each change ends its `domains` step.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { storeObjects } from "@/lib/stores/cluster-objects";
import { getJson } from "@/lib/kube/client";
import { apps, kc } from "../support/kube";
import { createStore, events, notifyStoreChanged, testRouteMode, useWorkerForFile, waitStore } from "./helpers";

useWorkerForFile();

/** Records a domains request the way the domain layer does: the domain change, a new generation, the running step. */
async function requestDomains(storeId: string, change: () => Promise<unknown>, message: string) {
  await change();
  const store = await db().store.update({ where: { id: storeId }, data: { generation: { increment: 1 } } });
  await db().storeEvent.create({ data: { storeId, generation: store.generation, step: "domains", state: "running", message } });
  await notifyStoreChanged(storeId);
  return store.generation;
}

/** The hosts the store's route serves, in the worker's route mode. */
async function routeHosts(slug: string): Promise<string[]> {
  const { namespace, wordpress } = storeObjects(slug);
  if (testRouteMode === "gateway") {
    return (await getJson<{ spec: { hostnames: string[] } }>(kc, `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes/${wordpress}`)).spec.hostnames;
  }
  return (await getJson<{ spec: { rules: { host: string }[] } }>(kc, `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses/${wordpress}`)).spec.rules.map((r) => r.host);
}

async function wordpressHosts(slug: string): Promise<string> {
  const { namespace, wordpress } = storeObjects(slug);
  const deployment = await apps.readNamespacedDeployment({ name: wordpress, namespace });
  // The API server leaves an empty value out of the variable.
  return deployment.spec!.template.spec!.containers[0]!.env!.find((e) => e.name === "STOREFLEET_EXTRA_HOSTS")?.value ?? "";
}

describe("custom domains", () => {
  it("join the store's route and WordPress's hosts once verified, and leave both when removed", async () => {
    const store = await createStore("domains");
    await waitStore(store.id, "Ready", (s) => s.phase === "Ready");
    const platformHost = (await routeHosts(store.slug))[0]!;

    const added = await requestDomains(
      store.id,
      () => db().storeDomain.create({ data: { storeId: store.id, host: "shop.example.org", verificationToken: "t", verifiedAt: new Date() } }),
      "Adding shop.example.org to the store's route",
    );
    await waitStore(store.id, "Ready with its domain", (s) => s.phase === "Ready" && s.observedGeneration === added);
    expect(await routeHosts(store.slug)).toEqual([platformHost, "shop.example.org"]);
    expect(await wordpressHosts(store.slug)).toBe("shop.example.org");

    const removed = await requestDomains(store.id, () => db().storeDomain.deleteMany({ where: { storeId: store.id } }), "Removing shop.example.org from the store's route");
    await waitStore(store.id, "Ready without it", (s) => s.phase === "Ready" && s.observedGeneration === removed);
    expect(await routeHosts(store.slug)).toEqual([platformHost]);
    expect(await wordpressHosts(store.slug)).toBe("");
    const steps = (await events(store.id)).filter((e) => e.step === "domains").map((e) => [e.generation, e.state, e.message]);
    expect(steps).toEqual([
      [added, "succeeded", "Custom domains updated"],
      [removed, "succeeded", "Custom domains updated"],
    ]);
  });
});
