// Throttling of sign-in and sign-up, checked before any password is hashed so that a flood of
// attempts costs one small query each, not a 32 MiB scrypt. Per client IP every attempt counts;
// per account (e-mail) failed sign-ins count, and every sign-up.
import { createHash } from "node:crypto";
import { env } from "@/lib/config/env";
import { assertNotExhausted, consume, record, type RateLimit } from "@/lib/ratelimit/limiter";

type Action = "sign-in" | "sign-up";

function limits(action: Action, subject: "ip" | "account", value: string): RateLimit {
  const config = env();
  // Hashed, so that the key has a bounded length whatever was typed.
  const digest = createHash("sha256").update(value.trim().toLowerCase()).digest("hex");
  return {
    key: `${action}:${subject}:${digest}`,
    limit: subject === "ip" ? config.AUTH_RATE_LIMIT_PER_IP : config.AUTH_RATE_LIMIT_PER_ACCOUNT,
    windowSeconds: config.AUTH_RATE_WINDOW_SECONDS,
  };
}

function tooMany(action: Action) {
  const what = action === "sign-in" ? "sign-in attempts" : "sign-up attempts";
  return (seconds: number) => `Too many ${what}; try again in ${Math.ceil(seconds / 60)} minute(s)`;
}

/** Before checking a password: counts the attempt for the IP and refuses when the IP or the
 * account has used up its window. */
export async function throttleSignIn(ip: string | null, email: string): Promise<void> {
  await consume([limits("sign-in", "ip", ip ?? "unknown")], tooMany("sign-in"));
  await assertNotExhausted(limits("sign-in", "account", email), tooMany("sign-in"));
}

/** After a wrong password: counts against the account. */
export async function recordFailedSignIn(email: string): Promise<void> {
  await record(limits("sign-in", "account", email));
}

/** Before creating an account: counts the attempt for the IP and for the e-mail. */
export async function throttleSignUp(ip: string | null, email: string): Promise<void> {
  await consume([limits("sign-up", "ip", ip ?? "unknown"), limits("sign-up", "account", email)], tooMany("sign-up"));
}
