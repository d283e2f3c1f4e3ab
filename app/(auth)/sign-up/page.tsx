import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/config/env";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create account" };
// Read SIGNUP_ENABLED per request, not once at build time.
export const dynamic = "force-dynamic";

export default function SignUpPage() {
  if (!env().SIGNUP_ENABLED) {
    return (
      <>
        <h1 className="text-xl font-semibold">Sign-up is disabled</h1>
        <p className="text-sm text-slate-600">Ask an administrator of this Storefleet for an account.</p>
        <Link href="/sign-in" className="text-sm font-medium text-indigo-700 underline">
          Back to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Create your account</h1>
      <SignUpForm />
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-indigo-700 underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
