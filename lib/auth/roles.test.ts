import { describe, expect, it } from "vitest";
import { ForbiddenError } from "@/lib/errors";
import { assertAdmin, canManageStore, isAdmin, type Actor } from "./roles";

const admin: Actor = { id: "a", email: "a@x.test", name: "A", role: "admin" };
const member: Actor = { id: "m", email: "m@x.test", name: "M", role: "member" };

describe("roles", () => {
  it("knows admins", () => {
    expect(isAdmin(admin)).toBe(true);
    expect(isAdmin(member)).toBe(false);
  });

  it("refuses admin actions to members", () => {
    expect(() => assertAdmin(member)).toThrow(ForbiddenError);
    expect(() => assertAdmin(admin)).not.toThrow();
  });

  it("lets owners and admins manage a store, nobody else", () => {
    expect(canManageStore(member, { ownerId: "m" })).toBe(true);
    expect(canManageStore(member, { ownerId: "someone-else" })).toBe(false);
    expect(canManageStore(admin, { ownerId: "someone-else" })).toBe(true);
  });
});
