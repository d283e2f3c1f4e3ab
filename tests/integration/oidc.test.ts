// Issue #9, item 9: OpenID Connect sign-in through the real next-auth callbacks and PostgreSQL.
// Only an e-mail the issuer marks verified (email_verified === true) is accepted; an identity is
// linked to an existing password account only by that account's signed-in owner (the proof);
// new accounts need SIGNUP_ENABLED (tests/integration/signup-disabled.test.ts).
process.env.OIDC_ISSUER = "https://id.example.test/realms/shop/";
process.env.OIDC_CLIENT_ID = "storefleet";
process.env.OIDC_CLIENT_SECRET = "not-a-real-secret";

import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import type { Account, Profile } from "next-auth";
import { authOptions } from "@/app/_lib/auth-options";
import { db, disconnectDb } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { resetDatabase, uniqueEmail } from "../support/db";
import { makeUser } from "../support/actors";
import { sessionCookie } from "../support/session";

beforeEach(resetDatabase);
afterAll(disconnectDb);

const account = (subject: string) => ({ provider: "oidc", providerAccountId: subject, type: "oauth" }) as Account;

/** The callback request, carrying the session cookie of `signedIn` when given. */
async function callbackRequest(signedIn?: Actor): Promise<NextRequest> {
  const headers: Record<string, string> = signedIn ? { cookie: await sessionCookie(signedIn) } : {};
  return new NextRequest("http://localhost:3000/api/auth/callback/oidc?code=x&state=y", { headers });
}

async function oidcSignIn(subject: string, profile: Record<string, unknown>, signedIn?: Actor) {
  const options = authOptions(await callbackRequest(signedIn));
  const args = { user: { id: subject }, account: account(subject), profile: { sub: subject, ...profile } as Profile };
  const allowed = await options.callbacks!.signIn!(args as never);
  const token = allowed === true ? await options.callbacks!.jwt!({ token: {}, ...args } as never) : null;
  return { allowed, uid: (token as { uid?: string } | null)?.uid };
}

describe("email_verified", () => {
  it("must be true: missing, false or the string 'true' are refused and nothing is written", async () => {
    for (const verified of [undefined, false, "true"]) {
      const { allowed } = await oidcSignIn("sub-unverified", { email: uniqueEmail("oidc"), email_verified: verified });
      expect(allowed, String(verified)).toBe("/sign-in?error=unverified");
    }
    expect(await db().user.count()).toBe(0);
  });
});

describe("new identities", () => {
  it("get their own account, found again by subject even after the e-mail changed", async () => {
    const email = uniqueEmail("fresh");
    const first = await oidcSignIn("sub-fresh", { email, email_verified: true, name: "Fresh" });
    expect(first.allowed).toBe(true);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(first.uid).toBe(user.id);
    const later = await oidcSignIn("sub-fresh", { email: uniqueEmail("renamed"), email_verified: true });
    expect(later.uid).toBe(user.id);
    expect(await db().user.count()).toBe(1);
  });
});

describe("existing password accounts", () => {
  it("are never linked by e-mail alone, administrators included", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member", { admin });
    for (const victim of [admin, member]) {
      const { allowed, uid } = await oidcSignIn(`sub-attacker-${victim.role}`, { email: victim.email, email_verified: true });
      expect(allowed).toBe("/sign-in?error=link_required");
      expect(uid).toBeUndefined();
    }
    expect(await db().user.count({ where: { oidcSubject: { not: null } } })).toBe(0);
  });

  it("are linked when their owner is signed in with the password (the proof), then sign in by SSO", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member", { admin });
    const linking = await oidcSignIn("sub-member", { email: member.email, email_verified: true }, member);
    expect(linking).toEqual({ allowed: true, uid: member.id });
    expect((await db().user.findUniqueOrThrow({ where: { id: member.id } })).oidcSubject).toBe("sub-member");
    expect(await oidcSignIn("sub-member", { email: member.email, email_verified: true })).toEqual({ allowed: true, uid: member.id });
    expect(await db().auditLog.count({ where: { action: "user.oidc_link", targetId: member.id } })).toBe(1);
  });

  it("cannot take an identity already linked to someone else", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member", { admin });
    await oidcSignIn("sub-shared", { email: member.email, email_verified: true }, member);
    const stolen = await oidcSignIn("sub-shared", { email: admin.email, email_verified: true }, admin);
    expect(stolen.allowed).toBe("/sign-in?error=identity_in_use");
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.id } })).oidcSubject).toBeNull();
  });
});

describe("disabled accounts", () => {
  it("cannot sign in by SSO", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser("member", { admin });
    await oidcSignIn("sub-off", { email: member.email, email_verified: true }, member);
    await db().user.update({ where: { id: member.id }, data: { disabled: true } });
    expect((await oidcSignIn("sub-off", { email: member.email, email_verified: true })).allowed).toBe("/sign-in?error=disabled");
  });
});
