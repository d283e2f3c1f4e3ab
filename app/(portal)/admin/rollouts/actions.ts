"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { controlRollout, startRollout } from "@/lib/rollouts/service";
import { ROLLOUT_CONTROLS } from "@/lib/rollouts/rules";
import { actionContext } from "@/app/_lib/session";
import { actionError, type ActionState } from "@/app/_lib/action-state";

const rolloutIdSchema = z.string().min(1).max(64);
const controlSchema = z.enum(ROLLOUT_CONTROLS);

/** A number field's text as a number for the domain to check; empty means the domain's default. */
function numberFromForm(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text);
}

/** Records a rollout; the domain parses the input, checks that the actor is an administrator and
 * refuses a second active rollout. On success the browser goes to the new rollout's page. */
export async function startRolloutAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = {
    versionId: String(form.get("versionId") ?? ""),
    canarySize: String(form.get("canarySize") ?? ""),
    batchSize: String(form.get("batchSize") ?? ""),
  };
  let rolloutId: string;
  try {
    // Re-checked here: the page's admin check does not protect the action endpoint.
    const ctx = await actionContext({ admin: true });
    const rollout = await startRollout(
      { versionId: values.versionId, canarySize: numberFromForm(values.canarySize), batchSize: numberFromForm(values.batchSize) },
      ctx,
    );
    rolloutId = rollout.id;
  } catch (error) {
    return actionError(error, values);
  }
  revalidatePath("/admin/rollouts");
  // Outside the try: redirect() works by throwing.
  redirect(`/admin/rollouts/${rolloutId}`);
}

/** Pause, resume or roll back, named by the button that submitted the form. On success nothing is
 * said here: the page shows the rollout's new state and message, announced as a status. */
export async function controlRolloutAction(rolloutId: string, _prev: ActionState, form: FormData): Promise<ActionState> {
  try {
    const ctx = await actionContext({ admin: true });
    const id = rolloutIdSchema.parse(rolloutId);
    await controlRollout(id, controlSchema.parse(form.get("control")), ctx);
    revalidatePath("/admin/rollouts");
    revalidatePath(`/admin/rollouts/${id}`);
    return { ok: true };
  } catch (error) {
    return actionError(error);
  }
}
