// What the sign-in and sign-up pages say. Sign-in errors arrive as codes (from next-auth's
// redirect, the credentials provider or the OIDC callback); only these texts are ever shown, so a
// crafted ?error= cannot put words on the page.
export const SIGN_IN_ERRORS: Record<string, string> = {
  invalid: "Wrong e-mail or password",
  CredentialsSignin: "Wrong e-mail or password",
  disabled: "This account is disabled; contact an administrator",
  throttled: "Too many sign-in attempts; wait a few minutes and try again",
  unverified: "Your identity provider did not confirm your e-mail address",
  link_required:
    "An account with this e-mail already exists. Sign in with your password, then link single sign-on on your Account page.",
  signup_disabled: "Sign-up is disabled on this Storefleet; ask an administrator for an account",
  identity_in_use: "This single sign-on identity is already linked to another account",
};

export function signInErrorMessage(code: string | null | undefined): string | null {
  return code ? (SIGN_IN_ERRORS[code] ?? "Sign-in failed") : null;
}

/** The one answer to every accepted sign-up, whether or not the e-mail already had an account. */
export const SIGN_UP_ACCEPTED = "If this e-mail address is new, your account is ready: sign in with it and your password.";
