import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { signUpSchema, userUpdateSchema } from "./schemas";

function fieldErrorsOf(input: unknown, schema: Parameters<typeof parseInput>[0] = signUpSchema) {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors;
  }
  throw new Error("expected a validation error");
}

describe("sign-up validation", () => {
  it("normalises the e-mail to lower case", () => {
    expect(parseInput(signUpSchema, { name: "Ann", email: "  Ann@Example.COM ", password: "long enough pw" }).email).toBe("ann@example.com");
  });

  it("gives a field error for an invalid e-mail", () => {
    expect(fieldErrorsOf({ name: "Ann", email: "not-an-email", password: "long enough pw" })).toEqual({ email: ["Enter a valid e-mail address"] });
  });

  it("gives a field error for a short password", () => {
    expect(fieldErrorsOf({ name: "Ann", email: "a@b.co", password: "short" })).toEqual({
      password: ["Password must be at least 10 characters"],
    });
  });

  it("reports every bad field at once", () => {
    expect(Object.keys(fieldErrorsOf({ name: "", email: "x", password: "" })).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("user update validation", () => {
  it("takes a quota as a number, as the API documents it (the form converts its text)", () => {
    expect(parseInput(userUpdateSchema, { storeQuota: 7 })).toEqual({ storeQuota: 7 });
    expect(fieldErrorsOf({ storeQuota: "7" }, userUpdateSchema)).toEqual({ storeQuota: ["Quota must be a number"] });
  });

  it("accepts an empty change", () => {
    expect(parseInput(userUpdateSchema, {})).toEqual({});
  });

  it("rejects negative and fractional quotas", () => {
    expect(fieldErrorsOf({ storeQuota: -1 }, userUpdateSchema)).toEqual({ storeQuota: ["Quota cannot be negative"] });
    expect(fieldErrorsOf({ storeQuota: 1.5 }, userUpdateSchema)).toEqual({ storeQuota: ["Quota must be a whole number"] });
  });

  it("rejects an unknown role", () => {
    expect(Object.keys(fieldErrorsOf({ role: "root" }, userUpdateSchema))).toEqual(["role"]);
  });
});
