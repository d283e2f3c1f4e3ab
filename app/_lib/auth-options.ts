// next-auth configuration: e-mail + password always, OpenID Connect when OIDC_* is set.
// Sessions are JWTs that carry only the user id; every request re-reads the user (role,
// disabled) from the database through app/_lib/session.ts.
import type { NextAuthOptions } from "next-auth";
import type { NextRequest } from "next/server";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/config/env";
import { checkCredentials, signInWithOidc, userIdForOidcSubject, type OidcIdentity } from "@/lib/users/service";
import { signInSchema } from "@/lib/users/schemas";
import { recordFailedSignIn } from "@/lib/auth/throttle";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { requestClientAddress } from "@/lib/http/request-address";

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: unknown;
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

/** The identity, only when the issuer states that it verified the e-mail (exactly true: a
 * missing claim proves nothing). */
function verifiedIdentity(subject: string | undefined, profile: OidcProfile | undefined): OidcIdentity | null {
  if (!subject || !profile?.email || profile.email_verified !== true) return null;
  return { subject, email: profile.email, name: profile.name ?? "" };
}

/** The user signed in on this browser, if any: linking an OIDC identity needs that proof. */
async function signedInUserId(request: NextRequest | undefined): Promise<string | null> {
  const token = request ? await getToken({ req: request, secret: env().AUTH_SECRET }) : null;
  return typeof token?.uid === "string" ? token.uid : null;
}

/** The options for one request. The auth route passes its request, so that an OIDC callback can
 * see who is already signed in there. */
export function authOptions(request?: NextRequest): NextAuthOptions {
  const config = env();
  return {
    secret: config.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        // Throttling happens before this runs (app/api/auth/[...nextauth]/route.ts); a wrong
        // password counts against the account. Errors are codes the sign-in page translates.
        async authorize(credentials) {
          const parsed = signInSchema.safeParse(credentials);
          if (!parsed.success) throw new Error("invalid");
          const result = await checkCredentials(parsed.data.email, parsed.data.password);
          if (!result.ok) {
            if (result.reason === "invalid") await recordFailedSignIn(parsed.data.email);
            throw new Error(result.reason);
          }
          return { id: result.user.id, email: result.user.email, name: result.user.name };
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const identity = verifiedIdentity(account.providerAccountId, profile as OidcProfile | undefined);
        if (!identity) return "/sign-in?error=unverified";
        const ctx = { actor: null, sourceIp: request ? requestClientAddress(request.headers) : null, via: "ui" as const };
        const result = await signInWithOidc(identity, await signedInUserId(request), ctx);
        return result.ok ? true : `/sign-in?error=${result.reason}`;
      },
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc") {
          const userId = await userIdForOidcSubject(account.providerAccountId);
          if (userId) token.uid = userId;
        } else if (user) {
          token.uid = user.id;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: typeof token.uid === "string" ? token.uid : undefined };
      },
      async redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl, "/stores"), baseUrl).toString();
      },
    },
  };
}
