import { describe, expect, it } from "vitest";
import { storeNamespace } from "./cluster-objects";
import { storeNameSchema, storeUrl } from "./naming";

function messageFor(name: unknown): string | undefined {
  const result = storeNameSchema.safeParse(name);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("store name rules", () => {
  it("accepts good names", () => {
    for (const name of ["abc", "my-shop", "shop2", "a".repeat(30), "a-b-c"]) expect(messageFor(name)).toBeUndefined();
  });

  it("gives each rule its own message", () => {
    expect(messageFor("ab")).toBe("Name must be at least 3 characters");
    expect(messageFor("a".repeat(31))).toBe("Name must be at most 30 characters");
    expect(messageFor("My-Shop")).toBe("Use only lowercase letters, digits and hyphens");
    expect(storeNameSchema.safeParse("1Shop-").error?.issues).toHaveLength(1);
    expect(messageFor("my_shop")).toBe("Use only lowercase letters, digits and hyphens");
    expect(messageFor("1shop")).toBe("Name must start with a letter");
    expect(messageFor("-shop")).toBe("Name must start with a letter");
    expect(messageFor("shop-")).toBe("Name must not end with a hyphen");
    expect(messageFor("my--shop")).toBe("Name must not contain two hyphens in a row");
    expect(messageFor("admin")).toBe("This name is reserved; choose another");
    expect(messageFor("kube-system")).toBe("This name is reserved; choose another");
    expect(messageFor("www")).toBe("This name is reserved; choose another");
    expect(messageFor(undefined)).toBe("Enter a store name");
  });

  it("derives the namespace and URL", () => {
    expect(storeNamespace("my-shop")).toBe("store-my-shop");
    expect(storeUrl("my-shop", { STORE_URL_SCHEME: "https", STORE_BASE_DOMAIN: "shops.example.com" })).toBe("https://my-shop.shops.example.com");
    expect(storeUrl("my-shop", { STORE_URL_SCHEME: "http", STORE_BASE_DOMAIN: "shops.example.com", STORE_URL_PORT: 8080 })).toBe(
      "http://my-shop.shops.example.com:8080",
    );
  });
});
