import { describe, expect, it } from "vitest";
import { dnsRecords, hostSchema, provesOwnership } from "./rules";

const schema = hostSchema({ baseDomain: "stores.example.com", portalHost: "portal.example.com" });
const error = (input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? null : r.error.issues[0]!.message;
};

describe("custom domain rules", () => {
  it("accepts host names, internationalized ones in punycode", () => {
    expect(schema.parse("shop.example.org")).toBe("shop.example.org");
    expect(schema.parse("a.b.c.example.co.uk")).toBe("a.b.c.example.co.uk");
    expect(schema.parse("xn--bcher-kva.example")).toBe("xn--bcher-kva.example");
    expect(schema.parse("shop.xn--p1ai")).toBe("shop.xn--p1ai");
  });

  it("refuses what is not a host name of the owner's", () => {
    expect(error("localhost")).toMatch(/^Enter a host name such as/);
    expect(error("https://shop.example.com")).toMatch(/^Enter a host name such as/);
    expect(error("shop.example.com/path")).toMatch(/^Enter a host name such as/);
    expect(error("-bad.example.com")).toMatch(/^Enter a host name such as/);
    expect(error("--exec=x.example.com")).toMatch(/^Enter a host name such as/);
    expect(error("10.0.0.1")).toMatch(/^Enter a host name such as/);
    expect(error("Shop.Example.org")).toMatch(/^Enter a host name such as/);
    expect(error(" shop.example.org")).toMatch(/^Enter a host name such as/);
    expect(error("shop.example.org:8080")).toMatch(/^Enter a host name such as/);
    expect(error("other.stores.example.com")).toBe("Names under stores.example.com are the platform's own");
    expect(error("stores.example.com")).toBe("Names under stores.example.com are the platform's own");
    expect(error("portal.example.com")).toBe("That is the portal's own host name");
    expect(error(`${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(20)}.example`)).toBe("A host name has at most 253 characters");
  });

  it("names the records to create, and finds the proof in TXT records split in chunks", () => {
    const records = dnsRecords("shop.example.org", "abc123", "shop.stores.example.com");
    expect(records.map((r) => [r.type, r.name, r.value])).toEqual([
      ["TXT", "_storefleet-challenge.shop.example.org", "abc123"],
      ["CNAME", "shop.example.org", "shop.stores.example.com"],
    ]);
    expect(provesOwnership([["v=spf1 -all"], ["abc", "123"]], "abc123")).toBe(true);
    expect(provesOwnership([["abc1234"]], "abc123")).toBe(false);
    expect(provesOwnership([], "abc123")).toBe(false);
  });
});
