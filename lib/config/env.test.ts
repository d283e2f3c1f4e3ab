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
