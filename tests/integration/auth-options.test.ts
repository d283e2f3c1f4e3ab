// The OpenID Connect provider exists only when OIDC_* is configured, and points at the issuer's
// discovery document.
process.env.OIDC_ISSUER = "https://id.example.test/realms/shop/";
process.env.OIDC_CLIENT_ID = "storefleet";
process.env.OIDC_CLIENT_SECRET = "not-a-real-secret";
process.env.OIDC_NAME = "Example SSO";

import { expect, it } from "vitest";
import { authOptions } from "@/app/_lib/auth-options";

it("adds an OIDC provider from the environment", () => {
  const providers = authOptions().providers;
  expect(providers.map((p) => p.id)).toEqual(["credentials", "oidc"]);
  expect(providers[1]).toMatchObject({
    name: "Example SSO",
    type: "oauth",
    clientId: "storefleet",
    wellKnown: "https://id.example.test/realms/shop/.well-known/openid-configuration",
    checks: ["pkce", "state"],
  });
});
