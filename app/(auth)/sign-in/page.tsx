import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { env } from "@/lib/config/env";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { csrfCookieName, csrfTokenOf } from "@/lib/auth/csrf-cookie";
import { signInErrorMessage } from "../messages";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
// The CSRF cookie and the configuration are per request.
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl, error } = await searchParams;
  const config = env();
  // proxy.ts makes sure this request carries next-auth's CSRF cookie.
  const csrfToken = csrfTokenOf((await cookies()).get(csrfCookieName(config.NEXTAUTH_URL))?.value, config.AUTH_SECRET) ?? "";
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <SignInForm
        csrfToken={csrfToken}
        callbackUrl={safeCallbackPath(typeof callbackUrl === "string" ? callbackUrl : null, new URL(config.NEXTAUTH_URL).origin)}
        oidcName={config.OIDC_ISSUER ? config.OIDC_NAME : null}
        initialError={signInErrorMessage(typeof error === "string" ? error : null)}
      />
      {config.SIGNUP_ENABLED ? (
        <p className="text-center text-sm text-slate-600">
          No account?{" "}
          <Link href="/sign-up" className="font-medium text-indigo-700 underline">
            Create one
          </Link>
        </p>
      ) : null}
    </>
  );
}
