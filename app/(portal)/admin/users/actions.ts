"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateUser } from "@/lib/users/service";
import { revokeUserApiTokens } from "@/lib/tokens/service";
import { actionContext } from "@/app/_lib/session";
import { actionError, type ActionState } from "@/app/_lib/action-state";

const userId = z.string().min(1).max(64);

/** The quota field's text as a number (the domain wants one); empty means unchanged. */
function quotaFromForm(value: FormDataEntryValue | null): number | undefined {
  return typeof value === "string" && value.trim() !== "" ? Number(value) : undefined;
}

export async function updateUserAction(id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    // Re-checked here: the page's admin check does not protect the action endpoint.
    const ctx = await actionContext({ admin: true });
    await updateUser(
      userId.parse(id),
      { role: form.get("role") ?? undefined, storeQuota: quotaFromForm(form.get("storeQuota")), disabled: form.get("disabled") === "on" },
      ctx,
    );
    revalidatePath("/admin/users");
    return { ok: true, message: "Saved" };
  } catch (error) {
    return actionError(error);
  }
}

/** Revokes every working API token of a user (a leaked token, a departing colleague). */
export async function revokeUserTokensAction(id: string, _prev: ActionState, _form: FormData): Promise<ActionState> {
  try {
    const count = await revokeUserApiTokens(userId.parse(id), await actionContext({ admin: true }));
    revalidatePath("/admin/users");
    return { ok: true, message: `${count} token${count === 1 ? "" : "s"} revoked` };
  } catch (error) {
    return actionError(error);
  }
}
