import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/config/env";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const ERROR_MESSAGES: Record<string, string> = {
  disabled: "This account is disabled; contact an administrator",
  unverified: "Your identity provider did not confirm your e-mail address",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { callbackUrl, error } = await searchParams;
  const config = env();
  // Only same-site paths are followed after sign-in (no open redirect).
  const next = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/stores";
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <SignInForm
        callbackUrl={next}
        oidcName={config.OIDC_ISSUER ? config.OIDC_NAME : null}
        initialError={error ? (ERROR_MESSAGES[error] ?? "Sign-in failed") : null}
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
