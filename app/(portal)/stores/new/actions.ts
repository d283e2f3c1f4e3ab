"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createStore } from "@/lib/stores/service";
import { actionContext } from "@/app/_lib/session";
import { actionError, type ActionState } from "@/app/_lib/action-state";

export async function createStoreAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = {
    // The form forgives spaces typed around the name; the API does not (names have no spaces).
    name: String(form.get("name") ?? "").trim(),
    displayName: String(form.get("displayName") ?? ""),
    size: String(form.get("size") ?? ""),
  };
  const sampleProducts = form.get("sampleProducts") === "on";
  let storeId: string;
  try {
    // The domain parses the input (name rules, size preset) and checks quota and rate limit.
    const { store } = await createStore({ ...values, sampleProducts }, await actionContext());
    storeId = store.id;
  } catch (error) {
    return actionError(error, { ...values, sampleProducts: sampleProducts ? "on" : "" });
  }
  revalidatePath("/stores");
  revalidatePath("/admin/stores");
  // Outside the try: redirect() works by throwing.
  redirect(`/stores/${storeId}`);
}
