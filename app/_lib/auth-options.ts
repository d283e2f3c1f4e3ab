// next-auth configuration: e-mail + password always, OpenID Connect when OIDC_* is set.
// Sessions are JWTs that carry only the user id; every request re-reads the user (role,
// disabled) from the database through app/_lib/session.ts.
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/config/env";
import { checkCredentials, signInWithOidc } from "@/lib/users/service";
import { signInSchema } from "@/lib/users/schemas";

export const SIGN_IN_ERRORS = {
  invalid: "Wrong e-mail or password",
  disabled: "This account is disabled; contact an administrator",
} as const;

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

function oidcProvider(): OAuthConfig<OidcProfile>[] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: OIDC_NAME,
      type: "oauth",
      wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile) => ({ id: profile.sub, email: profile.email, name: profile.name }),
    },
  ];
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
          const result = await checkCredentials(parsed.data.email, parsed.data.password);
          if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
          return { id: result.user.id, email: result.user.email, name: result.user.name };
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const oidc = profile as OidcProfile | undefined;
        if (!oidc?.email || oidc.email_verified === false) return "/sign-in?error=unverified";
        const result = await signInWithOidc(oidc.email, oidc.name ?? "");
        return result.ok ? true : "/sign-in?error=disabled";
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "oidc") {
          const email = (profile as OidcProfile | undefined)?.email;
          const result = email ? await signInWithOidc(email, "") : null;
          if (result?.ok) token.uid = result.user.id;
        } else if (user) {
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: typeof token.uid === "string" ? token.uid : undefined };
      },
    },
  };
}
