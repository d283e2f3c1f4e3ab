import type { Metadata } from "next";
import { requireActor } from "@/app/_lib/session";
import { signInMethods } from "@/lib/users/service";
import { env } from "@/lib/config/env";
import { LinkSsoButton } from "./link-sso-button";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requireActor();
  const methods = await signInMethods(actor);
  const config = env();
  return (
    <section aria-labelledby="account-heading" className="max-w-2xl space-y-6">
      <div>
        <h1 id="account-heading" className="text-2xl font-semibold">
          Account
        </h1>
        <p className="text-sm text-slate-600">
          {actor.name} · {actor.email} · {actor.role}
        </p>
      </div>
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">Ways to sign in</h2>
        <p className="text-sm">E-mail and password: {methods.password ? "set" : "not set (this account signs in through single sign-on)"}</p>
        {config.OIDC_ISSUER ? (
          methods.oidc ? (
            <p className="text-sm">{config.OIDC_NAME}: linked</p>
          ) : (
            <div className="space-y-2 text-sm">
              <p>
                {config.OIDC_NAME}: not linked. Linking needs you signed in, as you are now, so nobody can attach an identity to your account
                by its e-mail address alone.
              </p>
              <LinkSsoButton name={config.OIDC_NAME} />
            </div>
          )
        ) : null}
      </div>
    </section>
  );
}
