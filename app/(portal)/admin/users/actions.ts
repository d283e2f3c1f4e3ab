"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateUser } from "@/lib/users/service";
import { actionContext } from "@/app/_lib/session";
import { actionError, type ActionState } from "@/app/_lib/action-state";

const userId = z.string().min(1).max(64);

export async function updateUserAction(id: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    // Re-checked here: the page's admin check does not protect the action endpoint.
    const ctx = await actionContext({ admin: true });
    await updateUser(
      userId.parse(id),
      { role: form.get("role") ?? undefined, storeQuota: form.get("storeQuota") ?? undefined, disabled: form.get("disabled") === "on" },
      ctx,
    );
    revalidatePath("/admin/users");
    return { ok: true, message: "Saved" };
  } catch (error) {
    return actionError(error);
  }
}
