"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiToken, revokeApiToken } from "@/lib/tokens/service";
import { actionContext } from "@/app/_lib/session";
import { actionError, type ActionState } from "@/app/_lib/action-state";

export type CreateTokenState = { ok: true; token: string; name: string } | Exclude<ActionState, { ok: true } | null> | null;

/** The new token goes back to the form once; the server keeps only its hash. */
export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const values = { name: String(form.get("name") ?? ""), scope: String(form.get("scope") ?? ""), expiresInDays: String(form.get("expiresInDays") ?? "") };
  try {
    const { token, apiToken } = await createApiToken(values, await actionContext());
    revalidatePath("/settings/tokens");
    return { ok: true, token, name: apiToken.name };
  } catch (error) {
    const result = actionError(error, values);
    return result && !result.ok ? result : null;
  }
}

export async function revokeTokenAction(tokenId: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const ctx = await actionContext();
    // The domain only revokes the actor's own tokens.
    await revokeApiToken(z.string().min(1).max(64).parse(tokenId), ctx);
    revalidatePath("/settings/tokens");
    return { ok: true, message: "Token revoked" };
  } catch (error) {
    return actionError(error);
  }
}
