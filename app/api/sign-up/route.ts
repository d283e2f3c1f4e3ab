import { NextResponse } from "next/server";
import { signUp } from "@/lib/users/service";
import { throttleSignUp } from "@/lib/auth/throttle";
import { jsonBody, withOptionalActor } from "@/app/api/_lib/handler";
import { SIGN_UP_ACCEPTED } from "@/app/(auth)/messages";

/** Create a password account (the sign-up form posts here). Throttled per IP and per e-mail
 * before the password is hashed; 202 with the same body whether the e-mail was new or not. */
export const POST = withOptionalActor(async (req, ctx) => {
  const body = await jsonBody(req);
  const email = typeof body === "object" && body !== null && "email" in body ? String(body.email) : "";
  await throttleSignUp(ctx.sourceIp, email);
  await signUp(body, { ...ctx, actor: null, via: "ui" });
  return NextResponse.json({ message: SIGN_UP_ACCEPTED }, { status: 202 });
});
