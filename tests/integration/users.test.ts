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

/** Signs up through the domain and returns the stored account (sign-up itself answers nothing). */
async function register(input: { name: string; email: string; password: string }) {
  await signUp(input, ctx);
  return db().user.findUniqueOrThrow({ where: { email: input.email.toLowerCase() }, select: { id: true, email: true, name: true, role: true, storeQuota: true } });
}

function asActor(u: { id: string; email: string; name: string; role: "admin" | "member" }): Actor {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

beforeEach(resetDatabase);
afterAll(disconnectDb);

describe("sign-up", () => {
  it("makes the first account an admin and later ones members", async () => {
    const first = await register({ name: "First", email: uniqueEmail(), password });
    const second = await register({ name: "Second", email: uniqueEmail(), password });
    expect(first.role).toBe("admin");
    expect(second.role).toBe("member");
    expect(second.storeQuota).toBe(3);
  });

  it("makes ADMIN_EMAIL an admin whatever its case", async () => {
    await register({ name: "First", email: uniqueEmail(), password });
    const boss = await register({ name: "Boss", email: "BOSS@example.TEST", password });
    expect(boss.role).toBe("admin");
    expect(boss.email).toBe("boss@example.test");
  });

  it("gives exactly one admin when many sign up at once", async () => {
    const users = await Promise.all(Array.from({ length: 6 }, (_, i) => register({ name: `U${i}`, email: uniqueEmail(), password })));
    expect(users.filter((u) => u.role === "admin")).toHaveLength(1);
  });

  it("answers an existing e-mail in any case like a new one, keeping the account and auditing the attempt", async () => {
    const email = uniqueEmail("dup");
    const ann = await register({ name: "Ann", email, password });
    await expect(signUp({ name: "Ann again", email: email.toUpperCase(), password: "another long password" }, ctx)).resolves.toBeUndefined();
    expect(await db().user.findMany({ select: { id: true, name: true } })).toEqual([{ id: ann.id, name: "Ann" }]);
    expect(await checkCredentials(email, password)).toMatchObject({ ok: true });
    expect(await db().auditLog.count({ where: { action: "user.sign_up_existing_email", targetId: ann.id, actorId: null } })).toBe(1);
  });

  it("rejects an invalid e-mail and a short password with field errors and no row", async () => {
    await expect(signUp({ name: "X", email: "nope", password }, ctx)).rejects.toMatchObject({ fieldErrors: { email: ["Enter a valid e-mail address"] } });
    await expect(signUp({ name: "X", email: uniqueEmail(), password: "short" }, ctx)).rejects.toBeInstanceOf(ValidationError);
    expect(await db().user.count()).toBe(0);
  });

  it("stores a hash, never the password, and audits the sign-up", async () => {
    const user = await register({ name: "Hash", email: uniqueEmail(), password });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);
    const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: user.id } });
    expect(audit).toMatchObject({ action: "user.sign_up", actorId: user.id, sourceIp: "127.0.0.1", via: "ui" });
  });
});

describe("credentials", () => {
  it("accepts the right password, refuses a wrong one and a disabled account", async () => {
    const admin = await register({ name: "Admin", email: uniqueEmail(), password });
    const member = await register({ name: "Member", email: uniqueEmail(), password });
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
    const admin = await register({ name: "Admin", email: uniqueEmail(), password });
    const member = await register({ name: "Member", email: uniqueEmail(), password });
    const updated = await updateUser(member.id, { role: "admin", storeQuota: 9 }, { ...ctx, actor: asActor(admin) });
    expect(updated).toMatchObject({ role: "admin", storeQuota: 9 });
    expect(await db().auditLog.count({ where: { action: "user.update", targetId: member.id, actorId: admin.id } })).toBe(1);
  });

  it("refuses every admin operation to a member and changes nothing", async () => {
    await register({ name: "Admin", email: uniqueEmail(), password });
    const member = await register({ name: "Member", email: uniqueEmail(), password });
    const actor = asActor(member);
    await expect(listUsers(actor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateUser(member.id, { role: "admin" }, { ...ctx, actor })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db().user.findUniqueOrThrow({ where: { id: member.id } })).role).toBe("member");
  });

  it("does not let an admin lock themself out", async () => {
    const admin = await register({ name: "Admin", email: uniqueEmail(), password });
    await expect(updateUser(admin.id, { disabled: true }, { ...ctx, actor: asActor(admin) })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateUser(admin.id, { role: "member" }, { ...ctx, actor: asActor(admin) })).rejects.toBeInstanceOf(ConflictError);
  });

  it("rejects invalid changes with field errors", async () => {
    const admin = await register({ name: "Admin", email: uniqueEmail(), password });
    const member = await register({ name: "Member", email: uniqueEmail(), password });
    await expect(updateUser(member.id, { storeQuota: -3 }, { ...ctx, actor: asActor(admin) })).rejects.toMatchObject({
      fieldErrors: { storeQuota: ["Quota cannot be negative"] },
    });
  });
});
