import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "./env";

const valid = { DATABASE_URL: "postgresql://u:p@localhost:5432/db", AUTH_SECRET: "x".repeat(32) };

describe("environment parsing", () => {
  it("applies defaults", () => {
    const e = parseEnv(valid);
    expect(e.SIGNUP_ENABLED).toBe(true);
    expect(e.DEFAULT_STORE_QUOTA).toBe(3);
    expect(Object.keys(e.STORE_SIZES)).toEqual(["small", "medium", "large"]);
  });

  it("names every bad variable in one message", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short", SIGNUP_ENABLED: "maybe" })).toThrow(
      /DATABASE_URL: must be a postgresql:\/\/ URL[\s\S]*AUTH_SECRET: must be at least 32 characters[\s\S]*SIGNUP_ENABLED: must be true or false/,
    );
  });

  it("reports a missing required variable", () => {
    expect(() => parseEnv({ AUTH_SECRET: "x".repeat(32) })).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv({ AUTH_SECRET: "x".repeat(32) })).toThrow(/DATABASE_URL/);
  });

  it("routes stores by Gateway API when the cluster serves it, unless told otherwise", () => {
    const e = parseEnv(valid);
    expect([e.STORE_ROUTE_MODE, e.GATEWAY_NAME, e.GATEWAY_NAMESPACE, e.ROUTER_NAMESPACE]).toEqual(["auto", "storefleet", "storefleet-gateway", "storefleet-gateway"]);
    expect(parseEnv({ ...valid, STORE_ROUTE_MODE: "ingress" }).STORE_ROUTE_MODE).toBe("ingress");
    expect(() => parseEnv({ ...valid, STORE_ROUTE_MODE: "nginx" })).toThrow(/STORE_ROUTE_MODE/);
  });

  it("refuses the renamed INGRESS_CONTROLLER_NAMESPACE instead of ignoring it", () => {
    expect(() => parseEnv({ ...valid, INGRESS_CONTROLLER_NAMESPACE: "ingress-nginx" })).toThrow(/INGRESS_CONTROLLER_NAMESPACE: was renamed: set ROUTER_NAMESPACE/);
  });

  it("reads the router's pod labels as key=value pairs", () => {
    expect(parseEnv(valid).ROUTER_POD_LABELS).toEqual({});
    expect(parseEnv({ ...valid, ROUTER_POD_LABELS: "app.kubernetes.io/name=traefik, tier=edge" }).ROUTER_POD_LABELS).toEqual({ "app.kubernetes.io/name": "traefik", tier: "edge" });
    expect(() => parseEnv({ ...valid, ROUTER_POD_LABELS: "app" })).toThrow(/ROUTER_POD_LABELS[.0-9]*: must be labels as key=value/);
    expect(() => parseEnv({ ...valid, ROUTER_POD_LABELS: "a=b=c" })).toThrow(/ROUTER_POD_LABELS/);
    expect(() => parseEnv({ ...valid, ROUTER_POD_LABELS: "bad key=x" })).toThrow(/ROUTER_POD_LABELS/);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ ...valid, SIGNUP_ENABLED: "", ADMIN_EMAIL: "" }).ADMIN_EMAIL).toBeUndefined();
  });

  it("requires the OIDC settings together", () => {
    expect(() => parseEnv({ ...valid, OIDC_ISSUER: "https://id.example.com" })).toThrow(/OIDC_CLIENT_ID: is required[\s\S]*OIDC_CLIENT_SECRET: is required/);
  });

  it("parses size presets and rejects malformed ones", () => {
    const sizes = parseEnv({ ...valid, STORE_SIZES: '{"tiny":{"label":"Tiny","cpu":"500m","memory":"512Mi","storage":"2Gi"}}' }).STORE_SIZES;
    expect(sizes.tiny?.cpu).toBe("500m");
    expect(() => parseEnv({ ...valid, STORE_SIZES: "{not json" })).toThrow(/STORE_SIZES: must be a JSON object/);
    expect(() => parseEnv({ ...valid, STORE_SIZES: '{"tiny":{"label":"T","cpu":"lots","memory":"1Gi","storage":"1Gi"}}' })).toThrow(/cpu must be a Kubernetes quantity/);
  });
});

describe("security settings", () => {
  it("has defaults for the throttles, the body limit and the name hold", () => {
    expect(parseEnv(valid)).toMatchObject({
      STORE_NAME_HOLD_DAYS: 30,
      AUTH_RATE_LIMIT_PER_IP: 30,
      AUTH_RATE_LIMIT_PER_ACCOUNT: 10,
      AUTH_RATE_WINDOW_SECONDS: 900,
      API_BODY_LIMIT_BYTES: 65_536,
      TRUSTED_PROXIES: [],
    });
  });

  it("parses TRUSTED_PROXIES as addresses and CIDR ranges", () => {
    expect(parseEnv({ ...valid, TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.1,fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "192.0.2.1", "fd00::/8"]);
    expect(() => parseEnv({ ...valid, TRUSTED_PROXIES: "10.0.0.0/8,proxy.local" })).toThrow(/TRUSTED_PROXIES/);
  });
});
