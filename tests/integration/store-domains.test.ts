// Custom domains against a real PostgreSQL, with the DNS look-up given by the test: who may add
// and verify, the records to create, the TXT proof, the route change handed to the worker (a new
// generation and a `domains` step), a host verified by one store only, and removal.
process.env.STORE_BASE_DOMAIN = "stores.example.com";
process.env.NEXTAUTH_URL = "https://portal.example.com";

import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { changeStoreLifecycle, createStore } from "@/lib/stores/service";
import { addDomain, listDomains, removeDomain, verifyDomain } from "@/lib/domains/service";
import type { TxtLookup } from "@/lib/domains/dns";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { contextOf, useCast } from "../support/actors";

const cast = useCast();
afterAll(disconnectDb);

/** A DNS that holds the given TXT records, and answers ENOTFOUND for every other name. */
const dns = (records: Record<string, string[][]>): TxtLookup => async (name) => {
  if (records[name]) return records[name]!;
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
};

async function readyStore(actor: Actor, name: string) {
  const { store } = await createStore({ name, size: "small" }, contextOf(actor));
  await db().store.update({ where: { id: store.id }, data: { phase: "Ready", observedGeneration: 1, readyAt: new Date() } });
  return store;
}

describe("custom domains", () => {
  it("are added with the records to create, verified through the TXT record, and handed to the worker", async () => {
    const store = await readyStore(cast.alice, "dom-shop");
    const domain = await addDomain(store.id, { host: "shop.example.org" }, contextOf(cast.alice, "api"));
    expect(domain).toMatchObject({ host: "shop.example.org", verified: false, verifiedAt: null });
    const [txt, cname] = domain.records;
    expect(txt).toMatchObject({ type: "TXT", name: "_storefleet-challenge.shop.example.org" });
    expect(txt!.value).toMatch(/^storefleet-verify=[0-9a-f]{32}$/);
    expect(cname).toMatchObject({ type: "CNAME", name: "shop.example.org", value: "dom-shop.stores.example.com" });

    // Not yet in DNS, then a wrong token: refused, nothing changes.
    await expect(verifyDomain(store.id, domain.id, contextOf(cast.alice), dns({}))).rejects.toThrow(
      new ConflictError("No TXT record at _storefleet-challenge.shop.example.org holds this domain's token yet (DNS changes can take a while to be seen)"),
    );
    await expect(verifyDomain(store.id, domain.id, contextOf(cast.alice), dns({ [txt!.name]: [["storefleet-verify=other"]] }))).rejects.toBeInstanceOf(ConflictError);
    const failing: TxtLookup = async () => {
      throw Object.assign(new Error("queryTxt ETIMEOUT"), { code: "ETIMEOUT" });
    };
    await expect(verifyDomain(store.id, domain.id, contextOf(cast.alice), failing)).rejects.toBeInstanceOf(UnavailableError);
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).generation).toBe(1);

    const verified = await verifyDomain(store.id, domain.id, contextOf(cast.alice, "api"), dns({ [txt!.name]: [["v=spf1 -all"], [txt!.value.slice(0, 20), txt!.value.slice(20)]] }));
    expect(verified).toMatchObject({ verified: true });
    const row = await db().store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row).toMatchObject({ generation: 2, statusMessage: "Updating the store's domains" });
    const steps = await db().storeEvent.findMany({ where: { storeId: store.id, generation: 2 } });
    expect(steps.map((e) => [e.step, e.state, e.message])).toEqual([["domains", "running", "Adding shop.example.org to the store's route"]]);
    expect(await db().auditLog.count({ where: { storeId: store.id, action: { in: ["store.domain_add", "store.domain_verify"] }, via: "api" } })).toBe(2);
    expect((await listDomains(cast.admin, store.id)).map((d) => [d.host, d.verified])).toEqual([["shop.example.org", true]]);
  });

  it("refuse others, bad host names, the platform's own names, duplicates and a host another store serves", async () => {
    const store = await readyStore(cast.alice, "dom-rules");
    await expect(addDomain(store.id, { host: "x.example.net" }, contextOf(cast.bob))).rejects.toBeInstanceOf(NotFoundError);
    await expect(listDomains(cast.bob, store.id)).rejects.toBeInstanceOf(NotFoundError);
    for (const host of ["not a host", "https://x.example.net", "10.1.2.3", "other.stores.example.com", "portal.example.com", ""]) {
      await expect(addDomain(store.id, { host }, contextOf(cast.alice)), host).rejects.toBeInstanceOf(ValidationError);
    }
    const first = await addDomain(store.id, { host: "rules.example.net" }, contextOf(cast.alice));
    await expect(addDomain(store.id, { host: "rules.example.net" }, contextOf(cast.alice))).rejects.toThrow("rules.example.net was already added to this store");

    // Two stores may both claim a host; the first to prove it serves it, the other cannot.
    const rival = await readyStore(cast.bob, "dom-rival");
    const rivalDomain = await addDomain(rival.id, { host: "rules.example.net" }, contextOf(cast.bob));
    await verifyDomain(store.id, first.id, contextOf(cast.alice), dns({ [first.records[0]!.name]: [[first.records[0]!.value]] }));
    await expect(verifyDomain(rival.id, rivalDomain.id, contextOf(cast.bob), dns({ [rivalDomain.records[0]!.name]: [[rivalDomain.records[0]!.value]] }))).rejects.toThrow(
      "rules.example.net is already in use by another store",
    );
    await expect(addDomain(rival.id, { host: "rules.example.net" }, contextOf(cast.bob))).rejects.toThrow("rules.example.net is already in use by another store");
    expect((await db().store.findUniqueOrThrow({ where: { id: rival.id } })).generation).toBe(1);

    for (let i = 2; i <= 5; i++) await addDomain(store.id, { host: `d${i}.example.net` }, contextOf(cast.alice));
    await expect(addDomain(store.id, { host: "d6.example.net" }, contextOf(cast.alice))).rejects.toThrow("A store can have at most 5 custom domains; remove one first");
  });

  it("are removed: a verified one leaves the route through the worker; deleting the store frees them", async () => {
    const store = await readyStore(cast.alice, "dom-remove");
    const pending = await addDomain(store.id, { host: "pending.example.net" }, contextOf(cast.alice));
    await removeDomain(store.id, pending.id, contextOf(cast.alice));
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).generation).toBe(1);

    const routed = await addDomain(store.id, { host: "routed.example.net" }, contextOf(cast.alice));
    await verifyDomain(store.id, routed.id, contextOf(cast.alice), dns({ [routed.records[0]!.name]: [[routed.records[0]!.value]] }));
    await removeDomain(store.id, routed.id, contextOf(cast.alice));
    expect((await db().store.findUniqueOrThrow({ where: { id: store.id } })).generation).toBe(3);
    const last = await db().storeEvent.findFirstOrThrow({ where: { storeId: store.id, generation: 3 } });
    expect([last.step, last.message]).toEqual(["domains", "Removing routed.example.net from the store's route"]);
    expect(await db().auditLog.count({ where: { storeId: store.id, action: "store.domain_remove" } })).toBe(2);

    const kept = await addDomain(store.id, { host: "kept.example.net" }, contextOf(cast.alice));
    await verifyDomain(store.id, kept.id, contextOf(cast.alice), dns({ [kept.records[0]!.name]: [[kept.records[0]!.value]] }));
    await changeStoreLifecycle(store.id, "delete", contextOf(cast.alice));
    const next = await readyStore(cast.bob, "dom-next");
    const again = await addDomain(next.id, { host: "kept.example.net" }, contextOf(cast.bob));
    await expect(verifyDomain(next.id, again.id, contextOf(cast.bob), dns({ [again.records[0]!.name]: [[again.records[0]!.value]] }))).resolves.toMatchObject({ verified: true });
    await expect(addDomain(store.id, { host: "late.example.net" }, contextOf(cast.alice))).rejects.toThrow(new ConflictError("This store is deleted or being deleted"));
  });
});
