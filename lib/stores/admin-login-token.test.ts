import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { adminLoginToken } from "./admin-login-token";

describe("adminLoginToken", () => {
  const expiresAt = new Date("2026-11-29T20:00:30.900Z");

  it("signs version, store, expiry (whole seconds) and nonce with the store's secret", () => {
    const token = adminLoginToken({ store: "shop", secret: "s".repeat(64), expiresAt, nonce: "n".repeat(22) });
    const [version, store, expires, nonce, signature] = token.split(".");
    expect([version, store, expires, nonce]).toEqual(["v1", "shop", "1795982430", "n".repeat(22)]);
    expect(signature).toBe(createHmac("sha256", "s".repeat(64)).update(`v1.shop.1795982430.${"n".repeat(22)}`).digest("base64url"));
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("makes every link unique and bound to its store and secret", () => {
    const a = adminLoginToken({ store: "shop", secret: "s".repeat(64), expiresAt });
    const b = adminLoginToken({ store: "shop", secret: "s".repeat(64), expiresAt });
    expect(a).not.toBe(b);
    expect(a.split(".")[3]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const nonce = "n".repeat(22);
    const sig = (store: string, secret: string) => adminLoginToken({ store, secret, expiresAt, nonce }).split(".")[4];
    expect(sig("shop", "s".repeat(64))).not.toBe(sig("other", "s".repeat(64)));
    expect(sig("shop", "s".repeat(64))).not.toBe(sig("shop", "t".repeat(64)));
  });
});
