"use server";

import { signUp } from "@/lib/users/service";
import { actionError, type ActionState } from "@/app/_lib/action-state";
import { clientIp } from "@/app/_lib/session";

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  try {
    await signUp(
      { ...values, password: form.get("password") },
      { actor: null, sourceIp: await clientIp(), via: "ui" },
    );
    return { ok: true };
  } catch (error) {
    return actionError(error, values);
  }
}
