// Accounts against a real PostgreSQL: first user is admin, duplicates and bad input write
// nothing, members cannot administer, disabled users cannot sign in.
process.env.ADMIN_EMAIL = "Boss@Example.test";

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client";
import { checkCredentials, listUsers, signUp, updateUser, loadActiveActor } from "@/lib/users/service";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/roles";
import { resetDatabase, uniqueEmail } from "../support/db";

const ctx = { actor: null, sourceIp: "127.0.0.1", via: "ui" as const };
const password = "a long enough password";

function asActor(u: { id: string; email: string; name: string; role: "admin" | "member" }): Actor {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeEach(resetDatabase);
afterAll(disconnectDb);

describe("sign-up", () => {
  it("makes the first account an admin and later ones members", async () => {
    const first = await signUp({ name: "First", email: uniqueEmail(), password }, ctx);
    const second = await signUp({ name: "Second", email: uniqueEmail(), password }, ctx);
    expect(first.role).toBe("admin");
    expect(second.role).toBe("member");
    expect(second.storeQuota).toBe(3);
  });

  it("makes ADMIN_EMAIL an admin whatever its case", async () => {
    await signUp({ name: "First", email: uniqueEmail(), password }, ctx);
    const boss = await signUp({ name: "Boss", email: "BOSS@example.TEST", password }, ctx);
    expect(boss.role).toBe("admin");
    expect(boss.email).toBe("boss@example.test");
  });

  it("gives exactly one admin when many sign up at once", async () => {
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => signUp({ name: `U${i}`, email: uniqueEmail(), password }, ctx)));
    expect(users.filter((u) => u.role === "admin")).toHaveLength(1);
  });

  it("rejects an existing e-mail in any case and writes nothing", async () => {
    const email = uniqueEmail("dup");
    await signUp({ name: "Ann", email, password }, ctx);
    const before = await db().user.count();
    const auditBefore = await db().auditLog.count();
    await expect(signUp({ name: "Ann again", email: email.toUpperCase(), password }, ctx)).rejects.toMatchObject({
      constructor: ConflictError,
      fieldErrors: { email: ["An account with this e-mail already exists"] },
    });
    expect(await db().user.count()).toBe(before);
    expect(await db().auditLog.count()).toBe(auditBefore);
  });

  it("rejects an invalid e-mail and a short password with field errors and no row", async () => {
    await expect(signUp({ name: "X", email: "nope", password }, ctx)).rejects.toMatchObject({ fieldErrors: { email: ["Enter a valid e-mail address"] } });
    await expect(signUp({ name: "X", email: uniqueEmail(), password: "short" }, ctx)).rejects.toBeInstanceOf(ValidationError);
    expect(await db().user.count()).toBe(0);
  });

  it("stores a hash, never the password, and audits the sign-up", async () => {
    const user = await signUp({ name: "Hash", email: uniqueEmail(), password }, ctx);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);
    const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: user.id } });
    expect(audit).toMatchObject({ action: "user.sign_up", actorId: user.id, sourceIp: "127.0.0.1", via: "ui" });
  });
});

describe("credentials", () => {
  it("accepts the right password, refuses a wrong one and a disabled account", async () => {
    const admin = await signUp({ name: "Admin", email: uniqueEmail(), password }, ctx);
    const member = await signUp({ name: "Member", email: uniqueEmail(), password }, ctx);
    expect(await checkCredentials(member.email.toUpperCase(), password)).toMatchObject({ ok: true });
    expect(await checkCredentials(member.email, "wrong password!")).toEqual({ ok: false, reason: "invalid" });
    expect(await checkCredentials(uniqueEmail("nobody"), password)).toEqual({ ok: false, reason: "invalid" });

    await updateUser(member.id, { disabled: true }, { ...ctx, actor: asActor(admin) });
    expect(await checkCredentials(member.email, password)).toEqual({ ok: false, reason: "disabled" });
    expect(await loadActiveActor(member.id)).toBeNull();
  });
});

describe("administration", () => {
  it("lets an admin change role and quota, audited", async () => {
    const admin = await signUp({ name: "Admin", email: uniqueEmail(), password }, ctx);
    const member = await signUp({ name: "Member", email: uniqueEmail(), password }, ctx);
    const updated = await updateUser(member.id, { role: "admin", storeQuota: "9" }, { ...ctx, actor: asActor(admin) });
    expect(updated).toMatchObject({ role: "admin", storeQuota: 9 });
    expect(await db().auditLog.count({ where: { action: "user.update", targetId: member.id, actorId: admin.id } })).toBe(1);
  });

  it("refuses every admin operation to a member and changes nothing", async () => {
    await signUp({ name: "Admin", email: uniqueEmail(), password }, ctx);
    const member = await signUp({ name: "Member", email: uniqueEmail(), password }, ctx);
    const actor = asActor(member);
    await expect(listUsers(actor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateUser(member.id, { role: "admin" }, { ...ctx, actor })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db().user.findUniqueOrThrow({ where: { id: member.id } })).role).toBe("member");
  });

  it("does not let an admin lock themself out", async () => {
    const admin = await signUp({ name: "Admin", email: uniqueEmail(), password }, ctx);
    await expect(updateUser(admin.id, { disabled: true }, { ...ctx, actor: asActor(admin) })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateUser(admin.id, { role: "member" }, { ...ctx, actor: asActor(admin) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("rejects invalid changes with field errors", async () => {
    const admin = await signUp({ name: "Admin", email: uniqueEmail(), password }, ctx);
    const member = await signUp({ name: "Member", email: uniqueEmail(), password }, ctx);
    await expect(updateUser(member.id, { storeQuota: -3 }, { ...ctx, actor: asActor(admin) })).rejects.toMatchObject({
      fieldErrors: { storeQuota: ["Quota cannot be negative"] },
    });
  });
});
